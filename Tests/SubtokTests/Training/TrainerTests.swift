import Foundation
import Testing

@testable import Subtok

@Suite struct TrainerTests {
    @Test(arguments: TrainerConfig.ModelKind.allCases)
    func rejectsAnEmptyCorpus(_ model: TrainerConfig.ModelKind) throws {
        var config = TrainerConfig(model: model, vocabularySize: 1000)
        config.quiet = true
        #expect(throws: SubtokError(.invalidArgument, "the corpus has no words to train on")) {
            try Trainer(config: config).finish()
        }
    }

    @Test func configurationFromJSON() throws {
        let json = try Array(
            #"{"model": "wordpiece", "vocab_size": 500, "special_tokens": ["[UNK]"], "normalizer": ["nfkc", "lowercase"], "quiet": true}"#
                .utf8
        )
        .withUnsafeBufferPointer { (b) throws(SubtokError) in try JSON.parse(utf8: b) }
        let config = try TrainerConfig(json: json)
        #expect(
            config.model == .wordpiece && config.vocabularySize == 500 && config.specialTokens == ["[UNK]"]
                && config.quiet)
        for bad in [
            #"{"vocab_size": 5}"#, #"{"model": "bpe"}"#, #"{"model": "bpe", "vocab_size": -1}"#,
            #"{"model": "bpe", "vocab_size": 5, "x": 1}"#, #"{"model": "bpe", "vocab_size": 5, "normalizer": "nfc"}"#,
        ] {
            let value = try Array(bad.utf8).withUnsafeBufferPointer { (b) throws(SubtokError) in try JSON.parse(utf8: b)
            }
            #expect(throws: SubtokError.self) { try TrainerConfig(json: value) }
        }
        var unknown = TrainerConfig(model: .bpe, vocabularySize: 100)
        unknown.preTokenizer = "nope"
        #expect(throws: SubtokError.self) { try Trainer(config: unknown) }
    }

    @Test func wordPieceNeedsItsUnknownTokenAndRoomForSpecials() throws {
        var config = TrainerConfig(model: .wordpiece, vocabularySize: 100)
        config.quiet = true
        config.specialTokens = ["[PAD]"]
        let trainer = try Trainer(config: config)
        try trainer.feed(text: "hello world")
        #expect(throws: SubtokError.self) { try trainer.finish() }
        config.specialTokens = nil
        config.vocabularySize = 5
        let small = try Trainer(config: config)
        try small.feed(text: "hello world")
        #expect(throws: SubtokError.self) { try small.finish() }
    }

    @Test func trainedTokenizersRoundTripThroughJSON() throws {
        for model in TrainerConfig.ModelKind.allCases {
            var config = TrainerConfig(model: model, vocabularySize: model == .byteBPE ? 300 : 60)
            config.quiet = true
            let trainer = try Trainer(config: config)
            for _ in 0..<10 { try trainer.feed(text: "low lower lowest newer wider new wide\n") }
            let tokenizer = try trainer.finish()
            let text = "lowest newer wide"
            let reloaded = try Array(tokenizer.json.serialized().utf8).withUnsafeBufferPointer {
                (b) throws(SubtokError) in try Tokenizer.fromJSONBytes(b)
            }
            #expect(reloaded.encode(text).ids == tokenizer.encode(text).ids, "\(model)")
            let decoded = try tokenizer.decode(tokenizer.encode(text, addSpecialTokens: false).ids)
            #expect(decoded == text, "\(model): \(decoded)")
        }
    }
}

/// Special tokens that are also spellings the model produces (a byte-level alphabet character
/// plus text): found by the trainer-config fuzz target, where they once trapped.
@Suite struct TrainerSpecialTokenTests {
    @Test(arguments: TrainerConfig.ModelKind.allCases)
    func specialsThatLookLikeModelTokensTrain(_ model: TrainerConfig.ModelKind) throws {
        var config = TrainerConfig(model: model, vocabularySize: 300)
        config.quiet = true
        config.specialTokens = ["Ì>", "</s>", "a", "[UNK]", "<unk>"]
        let trainer = try Trainer(config: config)
        try trainer.feed(text: "the quick brown fox jumps over the lazy dog; Ì> and </s> 東京 123\n")
        let tokenizer = try trainer.finish()
        for special in config.specialTokens! {
            let id = try #require(tokenizer.id(for: special), "\(special)")
            #expect(tokenizer.encode(special, addSpecialTokens: false).ids == [id], "\(special)")
        }
    }

    /// Every name the one table lists is accepted, and the C header's training notes list each.
    @Test func everyKnownComponentNameWorksAndTheHeaderListsIt() throws {
        let header = try String(
            contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("include/subtok.h")
                .path,
            encoding: .utf8)
        for name in TrainerConfig.knownNormalizers {
            var config = TrainerConfig(model: .bpe, vocabularySize: 100)
            config.normalizer = [name]
            _ = try config.makeNormalizer()
            #expect(header.contains("\"\(name)\""), "\(name) missing from subtok.h")
        }
        for name in TrainerConfig.knownPreTokenizers {
            var config = TrainerConfig(model: .bpe, vocabularySize: 100)
            config.preTokenizer = name
            _ = try config.makePreTokenizer()
            #expect(header.contains("\"\(name)\""), "\(name) missing from subtok.h")
        }
    }
}
