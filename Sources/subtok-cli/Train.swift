import ArgumentParser
import Subtok

extension TrainerConfig.ModelKind: ExpressibleByArgument {}

/// The options `train` and `count` share: the model family and its pipeline.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Model family: bpe, byte-bpe, wordpiece or unigram (not needed by count --merge).")
    var model: TrainerConfig.ModelKind?

    @Option(
        help:
            "Normalizer steps, comma-separated (\(TrainerConfig.knownNormalizers.joined(separator: ", "))); default per model."
    )
    var normalizer: String?

    @Option(
        help: "Pre-tokenizer (\(TrainerConfig.knownPreTokenizers.joined(separator: ", "))); default per model."
    )
    var preTokenizer: String?

    @Option(help: "Worker threads (0: one per CPU this process may use).")
    var threads: Int = 0

    @Flag(help: "No progress on stderr.")
    var quiet = false

    /// The configuration these options describe, at `vocabularySize`; `--model` is required.
    func config(vocabularySize: Int) throws(SubtokError) -> TrainerConfig {
        guard let model else {
            throw SubtokError(.invalidArgument, "--model is required (bpe, byte-bpe, wordpiece or unigram)")
        }
        var config = TrainerConfig(model: model, vocabularySize: vocabularySize)
        config.normalizer = normalizer.map { $0.split(separator: ",").map(String.init) }
        config.preTokenizer = preTokenizer
        config.threads = threads
        config.quiet = quiet
        return config
    }
}

/// `subtok train`: learn a vocabulary from a corpus and write `tokenizer.json`.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Train a tokenizer from text files (one text per line) or word-count shards, and write tokenizer.json.")

    @OptionGroup var pipeline: PipelineOptions

    @Option(help: "The vocabulary size, special tokens included.")
    var vocabSize: Int

    @Option(help: "BPE family: pairs seen fewer times are not merged (default 2).")
    var minFrequency: Int?

    @Option(help: "Special tokens, comma-separated, first in the vocabulary (default per model).")
    var specialTokens: String?

    @Option(help: "BPE family: keep at most this many alphabet characters.")
    var limitAlphabet: Int?

    @Option(help: "Longest token in characters (Unigram default 16).")
    var maxTokenLength: Int?

    @Option(help: "Unigram: share of character occurrences the alphabet covers (default 0.9995).")
    var characterCoverage: Double?

    @Flag(help: "Unigram: add <0xNN> byte pieces for characters outside the vocabulary.")
    var byteFallback = false

    @Flag(help: "The inputs are word-count shards from `subtok count`, not text.")
    var fromCounts = false

    @Option(
        name: [.short, .customLong("output")], help: "Where to write tokenizer.json (written atomically; - for stdout)."
    )
    var output: String

    @Argument(help: "Corpus files (stdin when none).")
    var corpus: [String] = []

    func run() throws {
        try reportingErrors { () throws(SubtokError) in
            try checkJSONOutputName(output)
            guard vocabSize > 0 else { throw SubtokError(.invalidArgument, "--vocab-size must be positive") }
            guard pipeline.threads >= 0 else { throw SubtokError(.invalidArgument, "--threads must be 0 or more") }
            var config = try pipeline.config(vocabularySize: vocabSize)
            if let minFrequency {
                guard minFrequency >= 0 else {
                    throw SubtokError(.invalidArgument, "--min-frequency must be 0 or more")
                }
                config.minimumFrequency = UInt64(minFrequency)
            }
            config.specialTokens = specialTokens.map { $0.split(separator: ",").map(String.init) }
            config.limitAlphabet = limitAlphabet
            config.maximumTokenLength = maxTokenLength
            config.characterCoverage = characterCoverage
            config.byteFallback = byteFallback
            let trainer = try Trainer(config: config)
            if fromCounts {
                for path in corpus.isEmpty ? ["-"] : corpus {
                    try trainer.feed(counts: try readShard(path, expecting: config.countingSetup))
                }
            } else {
                for path in corpus.isEmpty ? ["-"] : corpus { try trainer.feed(file: path) }
            }
            let tokenizer = try trainer.finish()
            try save(tokenizer, to: output)
            trainer.progress.report(force: true, "wrote \(outputName(output)): \(tokenizer.vocabularySize) tokens")
        }
    }
}

/// `subtok count`: word-count shards for training beyond one machine.
struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Count the words of text files as `train` would, writing a count<TAB>word shard; or sum shards with --merge."
    )

    @OptionGroup var pipeline: PipelineOptions

    @Flag(help: "The inputs are shards: sum them into one.")
    var merge = false

    @Option(
        name: [.short, .customLong("output")], help: "Where to write the shard (written atomically; - for stdout).")
    var output: String

    @Argument(help: "Text files or shards (stdin when none).")
    var inputs: [String] = []

    func run() throws {
        try reportingErrors { () throws(SubtokError) in
            guard pipeline.threads >= 0 else { throw SubtokError(.invalidArgument, "--threads must be 0 or more") }
            let counts: WordCounts, setup: String?
            if merge {
                (counts, setup) = try mergeShards(
                    expecting: pipeline.model == nil ? nil : try pipeline.config(vocabularySize: 1).countingSetup)
            } else {
                let config = try pipeline.config(vocabularySize: 1)
                let trainer = try Trainer(config: config)
                for path in inputs.isEmpty ? ["-"] : inputs { try trainer.feed(file: path) }
                (counts, setup) = (try trainer.finishCounting(), config.countingSetup)
            }
            if output == "-" {
                var out = Output()
                out.write(counts.shardBytes(setup: setup))
                try out.flush()
            } else {
                try counts.writeShard(to: output, setup: setup)
            }
            if !pipeline.quiet { printNote("wrote \(outputName(output)): \(counts.count) distinct words") }
        }
    }

    /// The sum of the input shards, and the setup their headers name; shards of different setups
    /// (or not of `expected`, when given) are refused, naming both.
    private func mergeShards(expecting expected: String?) throws(SubtokError) -> (WordCounts, String?) {
        var total = WordCounts()
        var setup = expected.map { (setup: $0, from: "--model and its options") }
        for path in inputs.isEmpty ? ["-"] : inputs {
            guard let named = try total.addShard(file: path == "-" ? "/dev/stdin" : path) else { continue }
            if let setup, setup.setup != named {
                throw SubtokError(
                    .invalidArgument,
                    "\(path) was counted with \(named), but \(setup.from) with \(setup.setup): its counts cannot be summed"
                )
            }
            if setup == nil { setup = (named, path) }
        }
        return (total, setup?.setup)
    }
}

/// The counts of the shard at `path` (stdin for `-`), refused when its header names another
/// counting setup than `expected`.
private func readShard(_ path: String, expecting expected: String) throws(SubtokError) -> WordCounts {
    var counts = WordCounts()
    if let named = try counts.addShard(file: path == "-" ? "/dev/stdin" : path), named != expected {
        throw SubtokError(
            .invalidArgument,
            "\(path) was counted with \(named), but this training counts with \(expected): count the corpus again with the same --model, --normalizer and --pre-tokenizer"
        )
    }
    return counts
}
