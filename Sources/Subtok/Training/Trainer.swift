/// A training run: feed it a corpus (texts, files, or word counts from `subtok count`), then
/// `finish` to get the trained tokenizer: a normal `Tokenizer` with the configuration's
/// normalizer, pre-tokenizer, post-processor and decoder, ready to encode or save.
public final class Trainer {
    /// The configuration.
    public let config: TrainerConfig
    /// Progress reporting on stderr (silent with `config.quiet`).
    public let progress: TrainingProgress
    private let counter: WordCounter
    private var extraCounts = WordCounts()

    /// Starts a run; throws `invalidArgument` for unknown component names or bad sizes.
    public init(config: TrainerConfig) throws(SubtokError) {
        guard config.vocabularySize > 0 else { throw SubtokError(.invalidArgument, "vocab_size must be positive") }
        if config.model == .unigram { _ = try UnigramTrainer(config: config) }
        self.config = config
        self.progress = TrainingProgress(quiet: config.quiet)
        let pipeline = TrainingPipeline(
            normalizer: try config.makeNormalizer(), preTokenizer: try config.makePreTokenizer())
        self.counter = WordCounter(pipeline: pipeline, threads: config.threads, progress: progress)
    }

    /// Bytes of text fed so far.
    public var bytesRead: Int { counter.bytesRead }
    /// Texts skipped because they are not valid UTF-8.
    public var skippedTexts: Int { counter.skippedTexts }

    /// Adds one text (a sequence, as `tokenizers`' `train_from_iterator` takes them).
    public func feed(text: UnsafeBufferPointer<UInt8>) throws(SubtokError) { try counter.feed(text: text) }
    /// Adds one text.
    public func feed(text: String) throws(SubtokError) { try counter.feed(text: text) }
    /// Adds every line of a file (`-`: stdin), line endings kept, as `tokenizers` reads files.
    public func feed(file path: String) throws(SubtokError) { try counter.feed(file: path) }
    /// Adds words already counted (from `subtok count` shards).
    public func feed(counts: WordCounts) throws(SubtokError) { try extraCounts.merge(counts) }

    /// The word counts of everything fed so far; ends the counting.
    public func finishCounting() throws(SubtokError) -> WordCounts {
        var counts = try counter.finish()
        try counts.merge(extraCounts)
        extraCounts = WordCounts()
        return counts
    }

    /// Trains on everything fed and returns the tokenizer. Throws `invalidArgument` when the
    /// corpus is empty or the vocabulary size cannot hold the special tokens.
    public func finish() throws(SubtokError) -> Tokenizer {
        let counts = try finishCounting()
        return try Self.train(counts, config: config, progress: progress)
    }

    /// Trains a tokenizer on word counts (as produced by `TrainingPipeline` with this
    /// configuration's components).
    public static func train(
        _ counts: WordCounts, config: TrainerConfig, progress: TrainingProgress
    ) throws(SubtokError) -> Tokenizer {
        guard counts.count > 0 else { throw SubtokError(.invalidArgument, "the corpus has no words to train on") }
        let specials = config.effectiveSpecialTokens
        guard config.vocabularySize > specials.count else {
            throw SubtokError(
                .invalidArgument,
                "vocab_size \(config.vocabularySize) leaves no room beside \(specials.count) special tokens")
        }
        let normalizer = try config.makeNormalizer()
        let preTokenizer = try config.makePreTokenizer()
        let model: any Model
        var postProcessor: (any PostProcessor)?
        let decoder: (any Decoder)?
        switch config.model {
        case .bpe, .byteBPE, .wordpiece:
            let byteLevel = preTokenizer?.isByteLevel ?? false
            let prefix = config.continuingSubwordPrefix ?? (config.model == .wordpiece ? "##" : nil)
            let suffix = config.endOfWordSuffix ?? (config.model == .bpe ? "</w>" : nil)
            let trainer = try BPETrainer(
                options: .init(
                    vocabularySize: config.vocabularySize, minimumFrequency: config.minimumFrequency ?? 2,
                    specialTokens: specials,
                    limitAlphabet: config.limitAlphabet ?? (config.model == .wordpiece ? 1000 : nil),
                    continuingSubwordPrefix: prefix, endOfWordSuffix: suffix,
                    maximumTokenLength: config.maximumTokenLength, byteLevel: byteLevel))
            let result = trainer.train(counts, progress: progress)
            let vocabulary = try Vocabulary(tokens: result.tokens)
            if config.model == .wordpiece {
                let unknown = config.effectiveUnknownToken ?? "[UNK]"
                guard vocabulary.id(for: unknown) != nil else {
                    throw SubtokError(
                        .invalidArgument, "the unknown token \(quoted(unknown)) must be one of the special tokens")
                }
                model = try WordPiece(
                    vocabulary: vocabulary, unknownToken: unknown, continuingSubwordPrefix: prefix ?? "##")
                decoder = WordPieceDecoder(prefix: prefix ?? "##")
                if let cls = vocabulary.id(for: "[CLS]"), let sep = vocabulary.id(for: "[SEP]") {
                    postProcessor = BertProcessing(sep: ("[SEP]", sep), cls: ("[CLS]", cls))
                }
            } else {
                let unknown = config.effectiveUnknownToken.flatMap { vocabulary.id(for: $0) != nil ? $0 : nil }
                model = try BPE(
                    vocabulary: vocabulary, merges: result.merges,
                    options: .init(
                        unknownToken: unknown, continuingSubwordPrefix: prefix, endOfWordSuffix: suffix),
                    byteLevel: byteLevel)
                if byteLevel {
                    decoder = ByteLevelDecoder(addPrefixSpace: false)
                    postProcessor = ByteLevelProcessing(addPrefixSpace: false, trimOffsets: true)
                } else {
                    decoder = suffix.map { BPEDecoder(suffix: $0) }
                }
            }
        case .unigram:
            model = try UnigramTrainer(config: config).train(counts, progress: progress)
            decoder = MetaspaceDecoder(prependScheme: .always, split: true)
        }
        var added: [AddedToken] = []
        for special in specials {
            guard let id = model.id(for: special) else {
                throw SubtokError(
                    .invalidArgument, "the \(config.model.rawValue) trainer lost the special token \(quoted(special))")
            }
            added.append(AddedToken(id: id, content: special, special: true))
        }
        return try Tokenizer(
            normalizer: normalizer, preTokenizer: preTokenizer, model: model, postProcessor: postProcessor,
            decoder: decoder, addedTokens: added)
    }
}
