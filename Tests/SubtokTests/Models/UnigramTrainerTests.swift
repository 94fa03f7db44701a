@testable import Subtok
import Testing

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
        #expect(tokenizer.token(for: 0) == "<unk>" && tokenizer.token(for: 1) == "<s>" && tokenizer.token(for: 2) == "</s>")
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

    @Test func digammaMatchesKnownValues() {
        #expect(abs(digamma(1) - -0.5772156649015329) < 1e-10)
        #expect(abs(digamma(0.5) - -1.9635100260214235) < 1e-10)
        #expect(abs(digamma(100) - 4.600161852738087) < 1e-10)
    }
}
