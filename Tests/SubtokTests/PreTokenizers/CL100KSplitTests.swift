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
            #expect(pieces(CL100KSplit(numberRunLimit: 3), text) == expected, "\(text.debugDescription)")
        }
    }

    /// Every variant's blocks end pieces where its character-by-character scan does, on texts
    /// made of the cases that decide pieces (prefixes, contractions, line breaks among blanks,
    /// long numbers), crossing block edges.
    @Test func blocksCutWhereTheCharacterScanCuts() {
        let atoms = ["the", " The", "DON", "'t", "'S", "'re", "'LL", "'vE", "'m", "'d", "'", "''", " '", "\t'", "x'", "123", " 4567",
                     "12345678", " ", "  ", "   ", "\n", "\n\n", "\r\n", " \n ", "\n  \n", "\t", "\t\t", "\u{b}", "\u{c}", "\u{1f}",
                     "!!", " ?", ".", "(", ".\n", "\u{0}", "\u{7f}", "é", "\u{a0}", "\u{85}", "日本", " 😀", "\u{3000}", "'ſ", "٣"]
        var random = SplitMix64(seed: 100)
        let classes = CharacterClasses.shared
        for round in 0..<4_000 {
            let asciiOnly = round % 2 == 0
            let pool = asciiOnly ? atoms.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : atoms
            let text = (0..<Int(random.next() % 200)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }.joined()
            let bytes = Array(text.utf8)
            let split = Self.variants[round % Self.variants.count]
            bytes.withUnsafeBufferPointer { b in
                guard let p = b.baseAddress else { return }
                var blocks: [Int] = []
                split.splitPieces(p, 0, b.count, into: &blocks)
                let scan = ScriptScanner(p: p, end: b.count, classes: classes)
                var characters: [Int] = []
                var i = 0
                while i < b.count {
                    i = scan.cl100kPiece(at: i, numberRunLimit: split.numberRunLimit, whiteSpaceRunToEnd: split.whiteSpaceRunToEnd)
                    characters.append(i)
                }
                #expect(blocks == characters, "\(split.scannerName): \(text.debugDescription)")
            }
        }
    }

    private func pieces(_ split: CL100KSplit, _ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var ends: [Int] = []
        bytes.withUnsafeBufferPointer { split.splitPieces($0.baseAddress!, 0, $0.count, into: &ends) }
        var start = 0
        return ends.map { end in
            defer { start = end }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}
