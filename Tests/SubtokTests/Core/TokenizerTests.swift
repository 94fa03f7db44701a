import Foundation
import Testing

@testable import Subtok

@Suite struct TokenizerTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/tiny-bytelevel.json").path

    func load(_ json: String) throws(SubtokError) -> Tokenizer {
        var json = json
        return try json.withUTF8 { b in Result { () throws(SubtokError) in try Tokenizer.fromJSONBytes(b) } }.get()
    }

    @Test func encodesAndDecodesTheFixture() throws {
        let t = try Tokenizer(contentsOfFile: Self.fixture)
        let e = t.encode("hello world<|end|>")
        #expect(e.ids == [259, 264, 265])
        #expect(e.tokens == ["hello", "Ġworld", "<|end|>"])
        #expect(
            e.offsets == [
                TokenOffset(start: 0, end: 5), TokenOffset(start: 5, end: 11), TokenOffset(start: 11, end: 18),
            ])
        #expect(try t.decode(e.ids, skipSpecialTokens: false) == "hello world<|end|>")
        #expect(try t.decode(e.ids) == "hello world")
        #expect(throws: SubtokError.self) { try t.decode([1, 100_000]) }
    }

    @Test func idsPathEqualsTheFullPath() throws {
        let t = try Tokenizer(contentsOfFile: Self.fixture)
        for text in ["", "hello", "  hello<|end|><|end|>x", "héllo wörld 😀", String(repeating: "hello", count: 100)] {
            var bytes = Array(text.utf8)
            let ids = try bytes.withUnsafeMutableBufferPointer { try t.encodeIDs(utf8: UnsafeBufferPointer($0)) }
            #expect(ids == t.encode(text).ids)
        }
    }

    /// A BERT-style tokenizer (BertNormalizer, BertPreTokenizer, WordPiece) whose texts hold its
    /// added tokens: the ids path rewrites the text between them in one pass, the full path
    /// normalizes and pre-tokenizes it; both must give what the vocabulary spells by hand.
    @Test func bertIDsPathCutsAtAddedTokens() throws {
        let json = """
            {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [
            {"id": 0, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 1, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 2, "content": "[MASK]", "single_word": false, "lstrip": true, "rstrip": false, "normalized": false, "special": true}],
            "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
            "pre_tokenizer": {"type": "BertPreTokenizer"}, "post_processor": null, "decoder": null,
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
            "vocab": {"[UNK]": 0, "[SEP]": 1, "[MASK]": 2, "the": 3, "cat": 4, "sat": 5, "!": 6, "##s": 7, "caf": 8, "##e": 9, "[": 10, "]": 11}}}
            """
        let t = try load(json)
        let cases: [(String, [UInt32])] = [
            ("The cat[SEP]sat!", [3, 4, 1, 5, 6]),
            ("cats [MASK] Café[SEP][SEP]", [4, 7, 2, 8, 9, 1, 1]),
            ("[sep] [SEP", [10, 0, 11, 10, 0]),
            ("[SEP]", [1]),
        ]
        for (text, expected) in cases {
            var bytes = Array(text.utf8)
            let ids = try bytes.withUnsafeMutableBufferPointer { try t.encodeIDs(utf8: UnsafeBufferPointer($0)) }
            #expect(ids == expected, "\(text)")
            #expect(t.encode(text).ids == expected, "\(text)")
        }
    }

    /// The fixture's model behind an NFC normalizer and a Split pre-tokenizer with `regex`.
    func nfcTokenizer(splitting regex: String) throws -> Tokenizer {
        let fixture = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        let escaped = regex.replacingOccurrences(of: "\\", with: "\\\\")
        let split =
            #"{"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": ""# + escaped
            + #""}, "behavior": "Isolated", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]}"#
        let json = fixture.replacingOccurrences(of: #""normalizer": null"#, with: #""normalizer": {"type": "NFC"}"#)
            .replacingOccurrences(
                of: #"""
                    "pre_tokenizer": {
                      "type": "ByteLevel",
                      "add_prefix_space": false,
                      "trim_offsets": true,
                      "use_regex": true
                     }
                    """#, with: #""pre_tokenizer": "# + split)
        return try load(json)
    }

    /// Text NFC leaves as it is takes the split-only path behind an NFC normalizer (Qwen2's
    /// files), and gives what the general path gives with the same pattern on ICU.
    @Test func nfcTextTakesTheSplitOnlyPathWithTheGeneralPathsResult() throws {
        let qwen2 =
            #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        let scanned = try nfcTokenizer(splitting: qwen2)
        let onICU = try nfcTokenizer(splitting: "(?:" + qwen2 + ")")
        #expect(scanned.encodePath.hasPrefix("split only (Qwen2 scanner, piece cache) where the normalizer"))
        #expect(onICU.encodePath == "general")
        for text in [
            "hello world<|end|> 123", "héllo wörld 日本語 😀\n  ", "cafe\u{301} x", "\u{212B}ngström<|end|>",
            "a\r\n\r\n  b",
        ] {
            #expect(scanned.encode(text).ids == onICU.encode(text).ids, "\(text.debugDescription)")
            #expect(scanned.encode(text).offsets == onICU.encode(text).offsets, "\(text.debugDescription)")
        }
    }

    @Test func rejectsInvalidUTF8WithItsOffset() throws {
        let t = try Tokenizer(contentsOfFile: Self.fixture)
        let bytes: [UInt8] = [0x61, 0x62, 0xE2, 0x82, 0x61]
        do {
            _ = try bytes.withUnsafeBufferPointer { try t.encode(utf8: $0) }
            Issue.record("accepted invalid UTF-8")
        } catch {
            let error = error as? SubtokError
            #expect(error?.kind == .invalidUTF8)
            #expect(error?.message.contains("byte 2") == true)
        }
    }

    @Test func savedFileReloadsIdentically() throws {
        let t = try Tokenizer(contentsOfFile: Self.fixture)
        let path = NSTemporaryDirectory() + "subtok-roundtrip-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try t.save(to: path)
        let again = try Tokenizer(contentsOfFile: path)
        #expect(try again.json == t.json)
        for text in ["hello world<|end|>", "wörld, hello!"] { #expect(again.encode(text).ids == t.encode(text).ids) }
    }

    @Test func batchEqualsSingle() throws {
        let t = try Tokenizer(contentsOfFile: Self.fixture)
        let texts = (0..<300).map { "hello \($0) world<|end|> " + String(repeating: "é", count: $0 % 17) }
        let batch = t.encodeBatch(texts, threads: 3)
        #expect(batch.map(\.ids) == texts.map { t.encode($0).ids })
        #expect(batch.map(\.offsets) == texts.map { t.encode($0).offsets })
    }

    static let malformed: [(String, SubtokError.Kind)] = [
        ("[]", .format),
        (#"{"model": {"type": "BPE", "vocab": {"a": -1}, "merges": []}}"#, .format),
        (#"{"model": {"type": "BPE", "vocab": {"a": 1.5}, "merges": []}}"#, .format),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 2}, "merges": []}, "pre_tokenizer": {"type": "ByteLevel"}}"#,
            .format
        ),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a"]}, "pre_tokenizer": {"type": "ByteLevel"}}"#,
            .format
        ),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a", 1]]}, "pre_tokenizer": {"type": "ByteLevel"}}"#,
            .format
        ),
        (#"{"model": {"type": "BPE", "vocab": {"a": 99999999}, "merges": []}}"#, .limitExceeded),
        (#"{"model": {"type": "WordLevel", "vocab": {}}}"#, .format),
        (#"{"model": {"type": "CharLevel", "vocab": {}}}"#, .unsupported),
        (#"{"model": {"type": "Unigram", "vocab": [["a", "x"]], "unk_id": 0}}"#, .format),
        (#"{"model": {"type": "Unigram", "vocab": [["a", 0.0]], "unk_id": 5}}"#, .format),
        (#"{"model": {"type": "WordPiece", "vocab": {"a": 0}}}"#, .format),
        (#"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "truncation": {"max_length": -1}}"#, .format),
        (#"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "padding": {"strategy": {"Fixed": "x"}}}"#, .format),
        (
            #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "truncation": {"max_length": 8, "strategy": "Middle"}}"#,
            .format
        ),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "normalizer": {"type": "NmtNormalizer"}}"#,
            .unsupported
        ),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "UnicodeWords"}}"#,
            .unsupported
        ),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "CharDelimiterSplit", "delimiter": "ab"}}"#,
            .format
        ),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "unk_token": "<unk>"}}"#, .format),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "ByteLevel"}, "added_tokens": [{"id": 0}]}"#,
            .format
        ),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "ByteLevel"}, "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[X]", "type_id": 0}}], "pair": [], "special_tokens": {}}}"#,
            .format
        ),
        (
            #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "dropout": 7}, "pre_tokenizer": {"type": "ByteLevel"}}"#,
            .format
        ),
        (#"{"model": "BPE"}"#, .format),
        (
            #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "added_tokens": [{"id": 4000000000, "content": "x", "special": true}]}"#,
            .limitExceeded
        ),
        (
            #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}}, "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 7], "cls": ["[UNK]", 0]}}"#,
            .format
        ),
        (
            #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}}, "padding": {"strategy": "BatchLongest", "direction": "Right", "pad_to_multiple_of": null, "pad_id": 9, "pad_type_id": 0, "pad_token": "[PAD]"}}"#,
            .invalidArgument
        ),
    ]

    @Test(arguments: malformed)
    func malformedFilesGiveClearErrors(_ json: String, _ kind: SubtokError.Kind) {
        do {
            _ = try load(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.kind == kind, "\(error.message)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func truncatedFilesNeverCrash() throws {
        let text = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        let bytes = Array(text.utf8)
        for cut in stride(from: 0, to: bytes.count, by: 97) {
            let prefix = Array(bytes[0..<cut])
            #expect(throws: SubtokError.self) {
                try prefix.withUnsafeBufferPointer { try Tokenizer.fromJSONBytes($0) }
            }
        }
    }
}
