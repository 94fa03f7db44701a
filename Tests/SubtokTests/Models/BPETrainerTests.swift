import Testing

@testable import Subtok

/// The BPE trainer against a slow, obviously-correct reference that recounts every pair of
/// every word before each merge (the definition `tokenizers` implements incrementally).
@Suite struct BPETrainerTests {
    /// Merges by full recount: most frequent pair, ties to the smaller (left id, right id).
    static func reference(
        _ words: [(String, UInt64)], vocabularySize: Int, minimumFrequency: Int64
    ) -> (tokens: [String], merges: [(String, String)]) {
        var tokens: [String] = []
        for word in words { for c in word.0 where !tokens.contains(String(c)) { tokens.append(String(c)) } }
        tokens.sort { $0.unicodeScalars.first!.value < $1.unicodeScalars.first!.value }
        var symbols = words.map { $0.0.map { String($0) } }
        var merges: [(String, String)] = []
        while tokens.count < vocabularySize {
            var counts: [String: Int64] = [:]
            for (k, word) in symbols.enumerated() where word.count > 1 {
                for i in 0..<(word.count - 1) {
                    counts[word[i] + "\u{0}" + word[i + 1], default: 0] += Int64(words[k].1)
                }
            }
            let id = { (t: String) in tokens.firstIndex(of: t)! }
            guard
                let best = counts.filter({ $0.value >= minimumFrequency }).max(by: { a, b in
                    if a.value != b.value { return a.value < b.value }
                    let pa = a.key.split(separator: "\u{0}").map(String.init),
                        pb = b.key.split(separator: "\u{0}").map(String.init)
                    return (id(pa[0]), id(pa[1])) > (id(pb[0]), id(pb[1]))
                })
            else { break }
            let pair = best.key.split(separator: "\u{0}").map(String.init)
            merges.append((pair[0], pair[1]))
            if !tokens.contains(pair[0] + pair[1]) { tokens.append(pair[0] + pair[1]) }
            for k in symbols.indices {
                var out: [String] = []
                var i = 0
                while i < symbols[k].count {
                    if i + 1 < symbols[k].count && symbols[k][i] == pair[0] && symbols[k][i + 1] == pair[1] {
                        out.append(pair[0] + pair[1]); i += 2
                    } else {
                        out.append(symbols[k][i]); i += 1
                    }
                }
                symbols[k] = out
            }
        }
        return (tokens, merges)
    }

    static func counts(_ words: [(String, UInt64)]) throws -> WordCounts {
        var counts = WordCounts()
        for (word, n) in words { try counts.add(Array(word.utf8), count: n) }
        return counts
    }

    @Test(arguments: 0..<12)
    func matchesFullRecount(seed: Int) throws {
        var rng = SplitMix(seed: UInt64(seed))
        let letters = ["a", "b", "c", "é", "ab", "ba", "aa", "東"]
        var words: [(String, UInt64)] = []
        var seen = Set<String>()
        for _ in 0..<(20 + seed * 5) {
            let word = (0..<Int(1 + rng.next() % 9)).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }
                .joined()
            if seen.insert(word).inserted { words.append((word, 1 + rng.next() % 7)) }
        }
        let size = 12 + seed * 4
        let trained = try BPETrainer(options: .init(vocabularySize: size, minimumFrequency: 2)).train(
            try Self.counts(words))
        let expected = Self.reference(
            words.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }, vocabularySize: size,
            minimumFrequency: 2)
        #expect(trained.tokens == expected.tokens)
        #expect(trained.merges.map { "\($0.0) \($0.1)" } == expected.merges.map { "\($0.0) \($0.1)" })
    }

    @Test func prefixSuffixAndSpecials() throws {
        let counts = try Self.counts([("hello", 5), ("hell", 3), ("low", 4)])
        let wordPiece = try BPETrainer(
            options: .init(vocabularySize: 40, specialTokens: ["[UNK]"], continuingSubwordPrefix: "##")
        ).train(counts)
        #expect(wordPiece.tokens.first == "[UNK]")
        #expect(wordPiece.tokens.contains("##l") && wordPiece.tokens.contains("hello"))
        #expect(!wordPiece.tokens.contains { $0.hasPrefix("####") })
        let suffixed = try BPETrainer(options: .init(vocabularySize: 40, endOfWordSuffix: "</w>")).train(counts)
        #expect(suffixed.tokens.contains("low</w>") && suffixed.tokens.contains("hello</w>"))
    }

    @Test func limitsAlphabetAndTokenLength() throws {
        let counts = try Self.counts([("aaaaaaaa", 10), ("ab", 1), ("ac", 1)])
        let limited = try BPETrainer(options: .init(vocabularySize: 20, limitAlphabet: 1)).train(counts)
        #expect(limited.tokens.prefix(1) == ["a"])
        #expect(!limited.tokens.contains { $0.contains("b") || $0.contains("c") })
        let short = try BPETrainer(options: .init(vocabularySize: 20, maximumTokenLength: 2)).train(counts)
        #expect(short.tokens.allSatisfy { $0.count <= 2 })
    }

    @Test func byteLevelAlphabetAndMinimumFrequency() throws {
        let counts = try Self.counts([("xy", 1), ("zz", 3)])
        let result = try BPETrainer(options: .init(vocabularySize: 1000, minimumFrequency: 2, byteLevel: true)).train(
            counts)
        #expect(result.tokens.count == 257)
        #expect(result.merges.map { $0.0 + $0.1 } == ["zz"])
        #expect(throws: SubtokError.self) { try BPETrainer(options: .init(specialTokens: ["<s>", "<s>"])) }
        // A size below the alphabet keeps the whole alphabet (every byte still encodes), as `tokenizers`.
        let small = try BPETrainer(options: .init(vocabularySize: 10, specialTokens: ["<s>"], byteLevel: true)).train(
            counts)
        #expect(small.tokens.count == 257 && small.merges.isEmpty)
        // A special token that is also a character is one token, not two.
        let shared = try BPETrainer(options: .init(vocabularySize: 30, specialTokens: ["z"])).train(counts)
        #expect(shared.tokens.filter { $0 == "z" }.count == 1 && shared.tokens.first == "z")
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
