import Testing
@testable import Subtok

@Suite struct CL100KSplitTests {
    /// The four variants: cl100k as tiktoken and as `tokenizers` read it, Llama 3, Qwen2.
    static let variants = [
        CL100KSplit(numberRunLimit: 3), CL100KSplit(numberRunLimit: nil),
        CL100KSplit(numberRunLimit: 3, whiteSpaceRunToEnd: false), CL100KSplit(numberRunLimit: 1, whiteSpaceRunToEnd: false),
    ]

    /// Pieces from `regex.findall` with tiktoken's cl100k_base pattern (Python `regex` 2024).
    @Test func splitsAsTheCL100KPattern() {
        let cases: [(String, [String])] = [
            ("a.b .c\t.d\tx  y", ["a", ".b", " .", "c", "\t", ".d", "\tx", " ", " y"]),
            ("x's THE'LL 'tis ''s", ["x", "'s", " THE", "'LL", " '", "tis", " ''", "s"]),
            (".\n \n x\n\n  z", [".\n", " \n", " x", "\n\n", " ", " z"]),
            ("1234567 89!\r\n", ["123", "456", "7", " ", "89", "!\r\n"]),
        ]
        for (text, expected) in cases {
            #expect(splitTexts(CL100KSplit(numberRunLimit: 3), text) == expected, "\(text.debugDescription)")
        }
    }

    /// Every variant's blocks end pieces where its character-by-character scan does, on texts
    /// made of the cases that decide pieces (prefixes, contractions, line breaks among blanks,
    /// long numbers), crossing block edges.
    @Test func blocksCutWhereTheCharacterScanCuts() {
        let atoms = ["the", " The", "DON", "'t", "'S", "'re", "'LL", "'vE", "'m", "'d", "'", "''", " '", "\t'", "x'", "123", " 4567",
                     "12345678", " ", "  ", "   ", "\n", "\n\n", "\r\n", " \n ", "\n  \n", "\t", "\t\t", "\u{b}", "\u{c}", "\u{1f}",
                     "!!", " ?", ".", "(", ".\n", "\u{0}", "\u{7f}", "é", "\u{a0}", "\u{85}", "日本", " 😀", "\u{3000}", "'ſ", "٣"]
        forEachAtomText(atoms, seed: 100, rounds: 4_000) { round, b, text in
            let split = Self.variants[round % Self.variants.count]
            var blocks: [Int] = []
            split.splitPieces(b.baseAddress!, 0, b.count, into: &blocks)
            let characters = characterScanEnds(b) { scan, i in scan.cl100kPiece(at: i, numberRunLimit: split.numberRunLimit, whiteSpaceRunToEnd: split.whiteSpaceRunToEnd) }
            #expect(blocks == characters, "\(split.scannerName): \(text.debugDescription)")
        }
    }
}
