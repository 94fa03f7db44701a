import Glibc
import Testing

@testable import Subtok

@Suite struct UnigramTrainerTests {
    static let text = """
        The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs away quickly.
        Brown foxes and lazy dogs are the subject of many sentences about quick jumping animals.
        """

    static func trainer(_ size: Int, _ edit: (inout TrainerConfig) -> Void = { _ in }) throws -> Trainer {
        var config = TrainerConfig(model: .unigram, vocabularySize: size)
        config.quiet = true
        edit(&config)
        let trainer = try Trainer(config: config)
        for _ in 0..<20 { for line in text.split(separator: "\n") { try trainer.feed(text: String(line)) } }
        return trainer
    }

    @Test func reachesTheSizeWithEveryCharacter() throws {
        let tokenizer = try Self.trainer(50).finish()
        #expect(tokenizer.vocabularySize == 50)
        #expect(
            tokenizer.token(for: 0) == "<unk>" && tokenizer.token(for: 1) == "<s>" && tokenizer.token(for: 2) == "</s>")
        for c in Set(Self.text.unicodeScalars) where c != " " && c != "\n" {
            #expect(tokenizer.id(for: String(c)) != nil, "\(c)")
        }
        let ids = tokenizer.encode("the quick fox", addSpecialTokens: false).ids
        #expect(ids.count < 13 && !ids.contains(0))
        #expect(try tokenizer.decode(ids) == "the quick fox")
        #expect(tokenizer.encode("ZZZ", addSpecialTokens: false).ids.contains(0))
    }

    @Test func byteFallbackAndTooSmallSizes() throws {
        let tokenizer = try Self.trainer(300) { $0.byteFallback = true }.finish()
        #expect(tokenizer.id(for: "<0x00>") == 3 && tokenizer.id(for: "<0xFF>") == 258)
        #expect(throws: SubtokError.self) { try Self.trainer(20).finish() }
        #expect(throws: SubtokError.self) { try Self.trainer(100) { $0.shrinkingFactor = 1.5 } }
        #expect(throws: SubtokError.self) { try Self.trainer(100) { $0.maximumTokenLength = 256 } }
        #expect(try Self.trainer(50) { $0.maximumTokenLength = 255 }.finish().vocabularySize == 50)
    }

    /// The seeds by brute force: every valid substring of 2 to 4 characters counted, kept when
    /// seen twice and no single extension has the same count. The test alphabet's scripts:
    /// a, b Latin; 1 Common; あ Hiragana (as Han); 日 Han; U+0301 inherited; ▁ first only.
    static func expectedSeeds(_ words: [(word: [UInt8], count: UInt64)]) -> [String: Double] {
        let script: [Character: Int] = ["a": 25, "b": 25, "1": 0, "あ": 17, "日": 17]
        var counts: [String: Double] = [:]
        for (word, count) in words {
            let scalars = Array(String(decoding: word, as: UTF8.self).unicodeScalars)
            for i in scalars.indices {
                var current = -1
                for j in i..<min(scalars.count, i + 4) {
                    let c = scalars[j]
                    if c == "▁" { if j > i { break } else { continue } }
                    let s = c.value == 0x301 ? current : script[Character(c)]!
                    if current != -1 && s != current { break }
                    current = s
                    if j > i { counts[String(String.UnicodeScalarView(scalars[i...j])), default: 0] += Double(count) }
                }
            }
        }
        var seeds: [String: Double] = [:]
        for (text, count) in counts where count >= 2 {
            let extended = counts.contains {
                $0.key.unicodeScalars.count == text.unicodeScalars.count + 1 && $0.key.hasPrefix(text)
                    && $0.value == count && String(String.UnicodeScalarView($0.key.unicodeScalars.dropLast())) == text
            }
            if !extended { seeds[text] = count * Double(text.unicodeScalars.count) }
        }
        return seeds
    }

    @Test(arguments: [1, 2]) func seedsAreTheRightMaximalSubstringsSeenTwice(threads: Int) throws {
        var random = SplitMix64(seed: 11)
        let alphabet = ["a", "b", "1", "あ", "日", "\u{301}"]
        var words: [(word: [UInt8], count: UInt64)] = []
        var seen = Set<String>()
        for _ in 0..<400 {
            let length = 1 + Int(random.next() % 9)
            let word =
                (random.next() % 2 == 0 ? "▁" : "")
                + (0..<length).map { _ in alphabet[Int(random.next() % 6)] }.joined()
            if seen.insert(word).inserted { words.append((Array(word.utf8), 1 + random.next() % 3)) }
        }
        words.sort { $0.word.lexicographicallyPrecedes($1.word) }
        var config = TrainerConfig(model: .unigram, vocabularySize: 100)
        config.maximumTokenLength = 4
        config.threads = threads
        let trainer = try UnigramTrainer(config: config)
        let required = trainer.requiredCharacters(words)
        let seeds = trainer.seedPieces(words, required: required)
        #expect(
            seeds.prefix(required.count).map { String(decoding: $0.text, as: UTF8.self) }
                == required.map { String(Unicode.Scalar($0.scalar)!) })
        let found = seeds.dropFirst(required.count).map { (String(decoding: $0.text, as: UTF8.self), $0.score) }
        let expected = Self.expectedSeeds(words)
        #expect(found.count == expected.count && Set(found.map(\.0)) == Set(expected.keys))
        let offset = found[0].1 - log(expected[found[0].0]!)
        #expect(found.allSatisfy { abs($0.1 - log(expected[$0.0]!) - offset) < 1e-9 })
        #expect(
            zip(found, found.dropFirst()).allSatisfy {
                $0.1 > $1.1 || ($0.1 == $1.1 && Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)))
            })
    }

    @Test func digammaMatchesKnownValues() {
        #expect(abs(digamma(1) - -0.5772156649015329) < 1e-10)
        #expect(abs(digamma(0.5) - -1.9635100260214235) < 1e-10)
        #expect(abs(digamma(100) - 4.600161852738087) < 1e-10)
    }
}
