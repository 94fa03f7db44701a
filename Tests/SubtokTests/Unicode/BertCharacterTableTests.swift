import Testing

@testable import Subtok

/// Characters `tokenizers` reads otherwise than ICU 72 (expected outputs from tokenizers 0.23.3:
/// `BertNormalizer(lowercase=True)` then `BertPreTokenizer`), so a clone checks the table without
/// the reference library; `test_bert_oracle.py` compares every listed character with it.
@Suite struct BertCharacterTableTests {
    func pieces(_ text: String) -> [String] {
        var pre = PreTokenizedString(
            normalized: NormalizedString(original: Array(text.utf8)), splits: [.init(start: 0, end: text.utf8.count)])
        BertNormalizer().normalize(&pre.normalized)
        pre.splits[0].end = pre.normalized.count
        BertPreTokenizer().preTokenize(&pre)
        return pre.splits.map { String(decoding: pre.normalized.bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func tokenizersReadingsOfCharactersICUReadsOtherwise() {
        #expect(pieces("a\u{61D}b") == ["a\u{61D}b"])  // ICU: punctuation (Unicode 14)
        #expect(pieces("a\u{2E5D}b") == ["a\u{2E5D}b"])  // ICU: punctuation (Unicode 14)
        #expect(pieces("a\u{890}b") == ["a\u{890}b"])  // ICU: a format character, removed by cleaning
        #expect(pieces("e\u{898}x") == ["e\u{898}x"])  // ICU: a non-spacing mark, stripped
        #expect(pieces("A\u{1C89}") == ["a\u{1C8A}"])  // Unicode 16's lowercase, which ICU 72 lacks
        #expect(pieces("a!b é") == ["a", "!", "b", "e"])  // and the common cases as before
    }

    @Test func theTableHoldsOnlyCharactersOutsideASCII() {
        #expect(BertCharacterTable.rows.allSatisfy { $0.0 >= 0x80 && $0.0 < 0x110000 })
        #expect(BertCharacterTable.entry(0x41) == nil)
        #expect(BertCharacterTable.entry(0x61D)?.punctuation == false)
        #expect(BertCharacterTable.entries.count == BertCharacterTable.rows.count)
    }
}
