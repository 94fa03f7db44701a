import Testing
@testable import Subtok

@Suite struct O200KSplitTests {
    /// o200k (contractions, numbers of up to three digits) and tekken (neither).
    static let variants = [O200KSplit(), O200KSplit(contractions: false, numberRunLimit: 1)]

    /// Pieces from `regex.findall` with tiktoken's o200k_base pattern (Python `regex` 2024).
    @Test func splitsAsTheO200KPattern() {
        let cases: [(String, [String])] = [
            ("camelCase HTMLParser ABC abcDEF x's", ["camel", "Case", " HTMLParser", " ABC", " abc", "DEF", " x's"]),
            ("it's's DON'T we'LL don'tknow it'sA 5's 'tis",
             ["it's", "'s", " DON'T", " we'LL", " don't", "know", " it's", "A", " ", "5", "'s", " '", "tis"]),
            ("a.\n/b ./\nc .\n/.d x  .y", ["a", ".\n/", "b", " ./\n", "c", " .\n/", ".d", " x", " ", " .", "y"]),
            ("1234567 ab/cd\n\n  z\t.e", ["123", "456", "7", " ab", "/cd", "\n\n", " ", " z", "\t", ".e"]),
            (".\n \n x\n\n  z", [".\n", " \n", " x", "\n\n", " ", " z"]),
        ]
        for (text, expected) in cases {
            #expect(pieces(O200KSplit(), text) == expected, "\(text.debugDescription)")
        }
    }

    /// Both variants' blocks end pieces where the character-by-character scan does, on texts
    /// made of the cases that decide pieces (case changes, prefixes, contractions after words,
    /// line breaks and slashes after others, long numbers), crossing block edges.
    @Test func blocksCutWhereTheCharacterScanCuts() {
        let atoms = ["the", " The", "DON", "camelCase", "aB", "Ab", "'t", "'S", "'re", "'LL", "'vE", "'m", "'d", "'", "''", " '",
                     "\t'", "x'", "123", " 4567", "12345678", " ", "  ", "\n", "\n\n", "\r\n", " \n ", "\n  \n", "\t", "\u{b}",
                     "\u{1f}", "/", "//", " /", "\n/", "!!", " ?", ".", "(", ".\n", "\u{0}", "\u{7f}", "é", "É", "\u{301}",
                     "\u{a0}", "\u{85}", "日本", " 😀", "\u{3000}", "'ſ", "٣", "ǅ"]
        var random = SplitMix64(seed: 200)
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
                    i = scan.o200kPiece(at: i, contractions: split.contractions, numberRunLimit: split.numberRunLimit)
                    characters.append(i)
                }
                #expect(blocks == characters, "\(split.scannerName): \(text.debugDescription)")
            }
        }
    }

    private func pieces(_ split: O200KSplit, _ text: String) -> [String] {
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
