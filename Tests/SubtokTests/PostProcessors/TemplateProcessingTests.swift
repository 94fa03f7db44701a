import Testing

// Written by tools/make_component_tests.py from tokenizers 0.23.3: edit the script, not this file.
@testable import Subtok

/// `TemplateProcessing` (`tokenizer.json` "TemplateProcessing") against what `tokenizers` gives on the same inputs.
@Suite struct TemplateProcessingTests {
    static let json =
        "{\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"[CLS]\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, {\"SpecialToken\": {\"id\": \"[SEP]\", \"type_id\": 0}}], \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, {\"SpecialToken\": {\"id\": \"[SEP]\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}, {\"SpecialToken\": {\"id\": \"</s>\", \"type_id\": 1}}], \"special_tokens\": {\"[CLS]\": {\"id\": \"[CLS]\", \"ids\": [1], \"tokens\": [\"[CLS]\"]}, \"[SEP]\": {\"id\": \"[SEP]\", \"ids\": [2], \"tokens\": [\"[SEP]\"]}, \"</s>\": {\"id\": \"</s>\", \"ids\": [4], \"tokens\": [\"</s>\"]}}}"
    /// A word-level tokenizer around it (WhitespaceSplit, a vocabulary of thirteen tokens).
    static let tokenizer =
        "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [], \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}, \"post_processor\": {\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"[CLS]\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, {\"SpecialToken\": {\"id\": \"[SEP]\", \"type_id\": 0}}], \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, {\"SpecialToken\": {\"id\": \"[SEP]\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}, {\"SpecialToken\": {\"id\": \"</s>\", \"type_id\": 1}}], \"special_tokens\": {\"[CLS]\": {\"id\": \"[CLS]\", \"ids\": [1], \"tokens\": [\"[CLS]\"]}, \"[SEP]\": {\"id\": \"[SEP]\", \"ids\": [2], \"tokens\": [\"[SEP]\"]}, \"</s>\": {\"id\": \"</s>\", \"ids\": [4], \"tokens\": [\"</s>\"]}}}, \"decoder\": null, \"model\": {\"type\": \"WordLevel\", \"vocab\": {\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"<s>\": 3, \"</s>\": 4, \"the\": 5, \"cat\": 6, \"sat\": 7, \"on\": 8, \"mat\": 9, \"a\": 10, \"dog\": 11, \"ran\": 12}, \"unk_token\": \"[UNK]\"}}"

    static let cases: [(String, String?, [UInt32], [UInt32], [UInt32], [(Int, Int)])] = [
        (
            "the cat sat", nil, [1, 5, 6, 7, 2], [0, 0, 0, 0, 0], [1, 0, 0, 0, 1],
            [(0, 0), (0, 3), (4, 7), (8, 11), (0, 0)]
        ),
        (
            "a dog ran on the mat", nil, [1, 10, 11, 12, 8, 5, 9, 2], [0, 0, 0, 0, 0, 0, 0, 0],
            [1, 0, 0, 0, 0, 0, 0, 1], [(0, 0), (0, 1), (2, 5), (6, 9), (10, 12), (13, 16), (17, 20), (0, 0)]
        ),
        (
            "the cat", "a dog", [5, 6, 2, 10, 11, 4], [0, 0, 0, 1, 1, 1], [0, 0, 1, 0, 0, 1],
            [(0, 3), (4, 7), (0, 0), (0, 1), (2, 5), (0, 0)]
        ),
        (
            "mat", "the dog ran", [9, 2, 5, 11, 12, 4], [0, 0, 1, 1, 1, 1], [0, 1, 0, 0, 0, 1],
            [(0, 3), (0, 0), (0, 3), (4, 7), (8, 11), (0, 0)]
        ),
        ("", nil, [1, 2], [0, 0], [1, 1], [(0, 0), (0, 0)]),
    ]

    @Test(arguments: cases)
    func encodesAsTokenizers(
        text: String, pair: String?, ids: [UInt32], typeIDs: [UInt32], specialTokensMask: [UInt32],
        offsets: [(Int, Int)]
    ) throws {
        let e = try encodedThrough(Self.tokenizer, text, pair)
        #expect(e.ids == ids)
        #expect(e.typeIDs == typeIDs)
        #expect(e.specialTokensMask == specialTokensMask)
        #expect(e.offsets.map { "\($0.start) \($0.end)" } == offsets.map { "\($0.0) \($0.1)" })
    }
}
