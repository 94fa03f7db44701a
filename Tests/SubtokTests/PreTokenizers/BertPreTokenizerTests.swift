import Testing

@testable import Subtok

@Suite struct BertPreTokenizerTests {
    func pieces(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var s = PreTokenizedString(
            normalized: NormalizedString(original: bytes), splits: [.init(start: 0, end: bytes.count)])
        BertPreTokenizer().preTokenize(&s)
        return s.splits.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func splitsOnSpaceAndIsolatesPunctuation() {
        #expect(pieces("Hey friend!     How are you?!?") == ["Hey", "friend", "!", "How", "are", "you", "?", "!", "?"])
        #expect(pieces("a$b+c¿d「e」") == ["a", "$", "b", "+", "c", "¿", "d", "「", "e", "」"])
        #expect(pieces(" \u{3000}\u{A0} ") == [])
        #expect(pieces("...") == [".", ".", "."])
    }

    func rewritten(_ text: String, _ normalizer: (any Normalizer)?) -> [String]? {
        Array(text.utf8).withUnsafeBufferPointer { p -> [String]? in
            guard let (bytes, ends) = BertPreTokenizer().rewrittenPieces(p, after: normalizer) else { return nil }
            var start = 0
            return ends.map { end in
                defer { start = end }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
        }
    }

    /// The ids path's pieces of ASCII text: what BertNormalizer and then preTokenize give.
    @Test func rewrittenPiecesAreTheNormalizedPieces() {
        let bert = BertNormalizer()
        #expect(rewritten("Hey friend!  How?", bert) == ["hey", "friend", "!", "how", "?"])
        #expect(rewritten("Hey friend!  How?", BertNormalizer(lowercase: false)) == ["Hey", "friend", "!", "How", "?"])
        #expect(rewritten("a\u{0B}b\u{07}c d", bert) == ["abc", "d"])
        #expect(rewritten("a\u{0B}b\u{07}c d", BertNormalizer(cleanText: false)) == ["a", "b\u{07}c", "d"])
        #expect(rewritten("A\tB", nil) == ["A", "B"])
        #expect(rewritten("", bert) == [])
    }

    @Test func rewrittenPiecesOfUnicodeTextFollowTheNormalizer() {
        #expect(rewritten("Café 中文¿x", BertNormalizer()) == ["cafe", "中", "文", "¿", "x"])
        #expect(
            rewritten("Café 中文", BertNormalizer(handleChineseCharacters: false, stripAccents: false)) == ["café", "中文"])
        #expect(rewritten("Café\u{3000}x", BertNormalizer(lowercase: false)) == ["Café", "x"])
        #expect(rewritten("a\u{200B}b\u{FFFD}c", BertNormalizer()) == ["abc"])
    }

    @Test func rewrittenPiecesDeclineOtherNormalizers() {
        #expect(rewritten("abc", Lowercase()) == nil)
    }
}
