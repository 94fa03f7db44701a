import Testing

@testable import Subtok

/// Expected pieces follow from GPT-2's pattern by hand:
/// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
@Suite struct GPT2SplitTests {
    func pieces(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        var ends: [Int] = []
        bytes.withUnsafeMutableBufferPointer { GPT2Split().splitPieces($0.baseAddress!, 0, $0.count, into: &ends) }
        var out: [String] = []
        var start = 0
        for e in ends {
            out.append(String(decoding: bytes[start..<e], as: UTF8.self))
            start = e
        }
        return out
    }

    @Test func wordsTakeOneLeadingSpace() {
        #expect(pieces("Hello world") == ["Hello", " world"])
        #expect(pieces("Hello  world") == ["Hello", " ", " world"])
    }

    @Test func contractionsAreCaseSensitiveAndComeFirst() {
        #expect(pieces("don't I'LL we've") == ["don", "'t", " I", "'", "LL", " we", "'ve"])
        #expect(pieces("'sfoo") == ["'s", "foo"])
        #expect(pieces(" 's") == [" '", "s"])
    }

    @Test func whitespaceRunsLeaveTheirLastCharacterToTheNextPiece() {
        #expect(pieces("a   b") == ["a", "  ", " b"])
        #expect(pieces("a \n\n b") == ["a", " \n\n", " b"])
        #expect(pieces("\n\nhello") == ["\n", "\n", "hello"])
        #expect(pieces("trailing   ") == ["trailing", "   "])
        #expect(pieces("\thello") == ["\t", "hello"])
    }

    @Test func numbersLettersAndOthersAreSeparateRuns() {
        #expect(pieces("abc123def") == ["abc", "123", "def"])
        #expect(pieces("x ...!? 42") == ["x", " ...!?", " 42"])
        #expect(pieces("a ½²") == ["a", " ½²"])
    }

    @Test func unicodeCategoriesDecide() {
        #expect(pieces("naïve café") == ["naïve", " café"])
        #expect(pieces("e\u{301}x") == ["e", "\u{301}", "x"])
        #expect(pieces("東京 😀😀") == ["東京", " 😀😀"])
        #expect(pieces("a\u{A0}b") == ["a", "\u{A0}", "b"])
        #expect(pieces("a\u{3000}\u{3000}b") == ["a", "\u{3000}", "\u{3000}", "b"])
    }

    @Test func emptyAndLongInputs() {
        #expect(pieces("") == [])
        let long = String(repeating: "ab", count: 50_000)
        #expect(pieces(long) == [long])
        let spaces = String(repeating: " ", count: 10_000) + "x"
        #expect(pieces(spaces).count == 2)
    }

    /// The 64-byte blocks cut ASCII text where the character-by-character scan does (itself
    /// checked above and, in the fuzz target, against ICU): texts of up to 600 bytes built from
    /// runs of each class, contractions and apostrophes, white space runs of every kind and a
    /// few characters that are not ASCII, so that every rule meets a block's edges.
    @Test func blocksCutWhereTheCharacterScanCuts() {
        let atoms = [
            "the", " The", "don", "'t", "'s", "'re", "'ll", "'ve", "'m", "'d", "'S", "'", "''", " '", "x'", "123",
            " 4567",
            " ", "  ", "   ", "\n", "\n\n", "\r\n", " \n ", "\t", "\u{b}", "\u{c}", "\u{1f}", "!!", " ?", ".", "(",
            "\u{0}",
            "\u{7f}", "é", "\u{a0}", "\u{85}", "日本", " 😀", "\u{3000}",
        ]
        var random = SplitMix64(seed: 64)
        let classes = CharacterClasses.shared
        for round in 0..<2_000 {
            let asciiOnly = round % 2 == 0
            let pool = asciiOnly ? atoms.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : atoms
            let text = (0..<Int(random.next() % 200)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
                .joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                guard let p = b.baseAddress else { return }
                var blocks: [Int] = []
                GPT2Split().splitPieces(p, 0, b.count, into: &blocks)
                var characters: [Int] = []
                var i = 0
                while i < b.count {
                    i = GPT2Split.pieceEnd(p, i, b.count, classes)
                    characters.append(i)
                }
                #expect(blocks == characters, "\(text.debugDescription)")
            }
        }
    }
}
