import Subtok

/// A small corpus the configuration target trains on.
let configCorpus = "the quick brown fox jumps over the lazy dog; the dog sleeps. 東京 café 123 456\n"

/// The trainers: a fuzzed configuration on a fixed corpus, and a fuzzed corpus under each model.
let trainingTargets = [
    FuzzTarget(name: "trainer-config", summary: "bytes as a trainer's JSON configuration, then trained on a small text")
    { bytes in
        guard let json = try? JSON.parse(utf8: bytes), var config = try? TrainerConfig(json: json) else { return }
        config.quiet = true
        config.vocabularySize = min(config.vocabularySize, 2000)
        guard let trainer = try? Trainer(config: config) else { return }
        guard (try? trainer.feed(text: configCorpus)) != nil, let tokenizer = try? trainer.finish() else { return }
        exercise(tokenizer)
    },
    FuzzTarget(
        name: "train", summary: "bytes as a corpus (the first byte picks the model) trained at a small vocabulary"
    ) { bytes in
        guard let first = bytes.first else { return }
        let models = TrainerConfig.ModelKind.allCases
        var config = TrainerConfig(model: models[Int(first) % models.count], vocabularySize: 300)
        config.quiet = true
        config.threads = 1
        config.byteFallback = first & 0x80 != 0
        guard let trainer = try? Trainer(config: config) else { fatalError("a default configuration refused") }
        guard (try? trainer.feed(text: UnsafeBufferPointer(rebasing: bytes[1...]))) != nil,
            let tokenizer = try? trainer.finish()
        else { return }
        exercise(tokenizer)
    },
]
