import Testing

@testable import Subtok

@Suite struct O200KSplitTests {
    /// o200k (contractions, numbers of up to three digits) and tekken (neither).
    static let variants = [O200KSplit(), O200KSplit(contractions: false, numberRunLimit: 1)]

    /// Pieces from `regex.findall` with tiktoken's o200k_base pattern (Python `regex` 2024).
    @Test func splitsAsTheO200KPattern() {
        let cases: [(String, [String])] = [
            ("camelCase HTMLParser ABC abcDEF x's", ["camel", "Case", " HTMLParser", " ABC", " abc", "DEF", " x's"]),
            (
                "it's's DON'T we'LL don'tknow it'sA 5's 'tis",
                ["it's", "'s", " DON'T", " we'LL", " don't", "know", " it's", "A", " ", "5", "'s", " '", "tis"]
            ),
            ("a.\n/b ./\nc .\n/.d x  .y", ["a", ".\n/", "b", " ./\n", "c", " .\n/", ".d", " x", " ", " .", "y"]),
            ("1234567 ab/cd\n\n  z\t.e", ["123", "456", "7", " ab", "/cd", "\n\n", " ", " z", "\t", ".e"]),
            (".\n \n x\n\n  z", [".\n", " \n", " x", "\n\n", " ", " z"]),
        ]
        for (text, expected) in cases {
            #expect(splitTexts(O200KSplit(), text) == expected, "\(text.debugDescription)")
        }
    }

    /// Both variants' blocks end pieces where the character-by-character scan does, on texts
    /// made of the cases that decide pieces (case changes, prefixes, contractions after words,
    /// line breaks and slashes after others, long numbers), crossing block edges.
    @Test func blocksCutWhereTheCharacterScanCuts() {
        let atoms = [
            "the", " The", "DON", "camelCase", "aB", "Ab", "'t", "'S", "'re", "'LL", "'vE", "'m", "'d", "'", "''", " '",
            "\t'", "x'", "123", " 4567", "12345678", " ", "  ", "\n", "\n\n", "\r\n", " \n ", "\n  \n", "\t", "\u{b}",
            "\u{1f}", "/", "//", " /", "\n/", "!!", " ?", ".", "(", ".\n", "\u{0}", "\u{7f}", "é", "É", "\u{301}",
            "\u{a0}", "\u{85}", "日本", " 😀", "\u{3000}", "'ſ", "٣", "ǅ",
        ]
        forEachAtomText(atoms, seed: 200, rounds: 4_000) { round, b, text in
            let split = Self.variants[round % Self.variants.count]
            var blocks: [Int] = []
            split.splitPieces(b.baseAddress!, 0, b.count, into: &blocks)
            let characters = characterScanEnds(b) { scan, i in
                scan.o200kPiece(at: i, contractions: split.contractions, numberRunLimit: split.numberRunLimit)
            }
            #expect(blocks == characters, "\(split.scannerName): \(text.debugDescription)")
        }
    }
}
