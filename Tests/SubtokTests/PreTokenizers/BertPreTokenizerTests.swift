@testable import Subtok
import Testing

@Suite struct BertPreTokenizerTests {
    func pieces(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var s = PreTokenizedString(normalized: NormalizedString(original: bytes), splits: [.init(start: 0, end: bytes.count)])
        BertPreTokenizer().preTokenize(&s)
        return s.splits.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func splitsOnSpaceAndIsolatesPunctuation() {
        #expect(pieces("Hey friend!     How are you?!?") == ["Hey", "friend", "!", "How", "are", "you", "?", "!", "?"])
        #expect(pieces("a$b+c¿d「e」") == ["a", "$", "b", "+", "c", "¿", "d", "「", "e", "」"])
        #expect(pieces(" \u{3000}\u{A0} ") == [])
        #expect(pieces("...") == [".", ".", "."])
    }
}
