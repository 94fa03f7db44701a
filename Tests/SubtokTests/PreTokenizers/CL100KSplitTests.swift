import Testing

@testable import Subtok

@Suite struct CL100KSplitTests {
    /// The five variants: cl100k as tiktoken and as `tokenizers` read it, Llama 3, Qwen2, Qwen3.5.
    static let variants = [
        CL100KSplit(numberRunLimit: 3), CL100KSplit(numberRunLimit: nil),
        CL100KSplit(numberRunLimit: 3, whiteSpaceRunToEnd: false),
        CL100KSplit(numberRunLimit: 1, whiteSpaceRunToEnd: false),
        CL100KSplit(numberRunLimit: 1, whiteSpaceRunToEnd: false, marksJoinLetters: true),
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

    /// Pieces from `regex.findall` with Qwen3.5's pattern and with Qwen2's (Python `regex`
    /// 2026.5.9): marks join runs of letters and end runs of others only in Qwen3.5's.
    @Test func marksJoinLettersAsTheQwen35Pattern() {
        let qwen35 = CL100KSplit(numberRunLimit: 1, whiteSpaceRunToEnd: false, marksJoinLetters: true)
        let qwen2 = CL100KSplit(numberRunLimit: 1, whiteSpaceRunToEnd: false)
        let cases: [(String, [String], [String])] = [
            (
                "cafe\u{301} (\u{301}!x", ["cafe\u{301}", " (", "\u{301}", "!x"],
                ["cafe", "\u{301}", " (\u{301}!", "x"]
            ),
            (
                "\u{301}\u{302} a\u{300}b!!\u{301}?", ["\u{301}\u{302}", " a\u{300}b", "!!", "\u{301}", "?"],
                ["\u{301}\u{302}", " a", "\u{300}b", "!!\u{301}?"]
            ),
            (
                "\u{e01}\u{e34}\u{e19}\u{e02}\u{e49}\u{e32}\u{e27} 12",
                ["\u{e01}\u{e34}\u{e19}\u{e02}\u{e49}\u{e32}\u{e27}", " ", "1", "2"],
                ["\u{e01}", "\u{e34}\u{e19}\u{e02}", "\u{e49}\u{e32}\u{e27}", " ", "1", "2"]
            ),
            (
                ".\u{301}\n \u{301}\u{301}x", [".\u{301}", "\n", " \u{301}\u{301}x"],
                [".\u{301}\n", " \u{301}\u{301}", "x"]
            ),
            (
                "'s\u{301} n\u{303}o\u{303}", ["'s", "\u{301}", " n\u{303}o\u{303}"],
                ["'s", "\u{301}", " n", "\u{303}o", "\u{303}"]
            ),
        ]
        for (text, expected35, expected2) in cases {
            #expect(splitTexts(qwen35, text) == expected35, "\(text.debugDescription)")
            #expect(splitTexts(qwen2, text) == expected2, "\(text.debugDescription)")
        }
    }

    /// Every variant's blocks end pieces where its character-by-character scan does, on texts
    /// made of the cases that decide pieces (prefixes, contractions, line breaks among blanks,
    /// long numbers), crossing block edges.
    @Test func blocksCutWhereTheCharacterScanCuts() {
        let atoms = [
            "the", " The", "DON", "'t", "'S", "'re", "'LL", "'vE", "'m", "'d", "'", "''", " '", "\t'", "x'", "123",
            " 4567",
            "12345678", " ", "  ", "   ", "\n", "\n\n", "\r\n", " \n ", "\n  \n", "\t", "\t\t", "\u{b}", "\u{c}",
            "\u{1f}",
            "!!", " ?", ".", "(", ".\n", "\u{0}", "\u{7f}", "é", "\u{a0}", "\u{85}", "日本", " 😀", "\u{3000}", "'ſ", "٣",
            "\u{301}", "e\u{301}", "(\u{301}", "\u{e34}",
        ]
        forEachAtomText(atoms, seed: 100, rounds: 4_000) { round, b, text in
            let split = Self.variants[round % Self.variants.count]
            var blocks: [Int] = []
            split.splitPieces(b.baseAddress!, 0, b.count, into: &blocks)
            let characters = characterScanEnds(b) { scan, i in
                scan.cl100kPiece(
                    at: i, numberRunLimit: split.numberRunLimit, whiteSpaceRunToEnd: split.whiteSpaceRunToEnd,
                    marksJoinLetters: split.marksJoinLetters)
            }
            #expect(blocks == characters, "\(split.scannerName): \(text.debugDescription)")
        }
    }
}
