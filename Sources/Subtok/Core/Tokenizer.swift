/// A complete tokenizer: normalizer, pre-tokenizer, model, post-processor and decoder, plus the
/// added tokens. Immutable once built, so one instance can be shared by any number of threads.
///
/// Load one with `Tokenizer(contentsOfFile:)` (any supported format) or
/// `Tokenizer(json:)`; encode with `encode(_:addSpecialTokens:)`; decode with `decode(_:)`.
public final class Tokenizer: TokenLookup {
    /// Rewrites the text before splitting, if any.
    public let normalizer: (any Normalizer)?
    /// Splits the text into pieces, if any (else the whole text is one piece).
    public let preTokenizer: (any PreTokenizer)?
    /// Turns pieces into ids.
    public let model: any Model
    /// Adds special tokens, if any.
    public let postProcessor: (any PostProcessor)?
    /// Turns tokens back into text, if any (else tokens are joined with spaces).
    public let decoder: (any Decoder)?
    /// Tokens added on top of the model's vocabulary.
    public let addedVocabulary: AddedVocabulary
    /// Truncation applied by `encode`, if any.
    public let truncation: Truncation?
    /// Padding applied by `encode` and `encodeBatch`, if any.
    public let padding: Padding?
    /// Treat the text of special tokens as ordinary text unless an encode call allows them
    /// (tiktoken's default, `encode_ordinary`); false for `tokenizer.json` files.
    public let specialTokensAsText: Bool
    /// The seed of the random draws of BPE-dropout and sampling: with one, each text's sample is a
    /// function of the seed and the text, whatever the call order, thread or batch; nil draws a
    /// fresh seed for every call, as `tokenizers` does.
    public let samplingSeed: UInt64?
    /// Subword regularization for Unigram models (`sentencepiece`'s sampling), if on.
    public let sampling: Sampling?
    /// The special-token ids the post-processor puts before and after one text, with and
    /// without `addSpecialTokens`, for the ids-only path.
    let specialAffixes: (added: SpecialAffixes, plain: SpecialAffixes)
    /// The post-processor's effect on one text, with and without `addSpecialTokens`, when it
    /// only adds tokens, sets a type id and trims offsets, and nothing else reshapes an encoding
    /// (truncation, padding, added tokens that swallow white space): `encodeColumns`.
    let singleTextLayouts: (added: SingleTextLayout?, plain: SingleTextLayout?)
    /// How `tokenize` runs, chosen once from the components (`EncodePlan`).
    let plan: EncodePlan
    /// `spaceRuns` of every id, leading in the low 16 bits and trailing in the high 16
    /// (`unknownSpaceRuns` when either does not fit), when the post-processor trims offsets
    /// by them; else empty.
    let spaceRunTable: [UInt32]

    /// Assembles a tokenizer from its parts.
    public init(
        normalizer: (any Normalizer)? = nil, preTokenizer: (any PreTokenizer)? = nil, model: any Model,
        postProcessor: (any PostProcessor)? = nil, decoder: (any Decoder)? = nil,
        addedTokens: [AddedToken] = [], truncation: Truncation? = nil, padding: Padding? = nil,
        specialTokensAsText: Bool = false, samplingSeed: UInt64? = nil, sampling: Sampling? = nil
    ) throws(SubtokError) {
        self.specialTokensAsText = specialTokensAsText
        self.samplingSeed = samplingSeed
        self.sampling = sampling?.samples == true ? sampling : nil
        if let truncation, truncation.maxLength < 0 || truncation.stride < 0 {
            throw SubtokError(.invalidArgument, "truncation max_length and stride must not be negative")
        }
        if let padding {
            if case let .fixed(n) = padding.strategy, n < 0 {
                throw SubtokError(.invalidArgument, "padding length must not be negative")
            }
            if let m = padding.padToMultipleOf, m < 0 {
                throw SubtokError(.invalidArgument, "pad_to_multiple_of must not be negative")
            }
        }
        self.truncation = truncation
        self.padding = padding
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.model = model
        self.postProcessor = postProcessor
        self.decoder = decoder
        self.addedVocabulary = try AddedVocabulary(addedTokens)
        self.plan = EncodePlan(normalizer: normalizer, preTokenizer: preTokenizer, addedVocabulary: addedVocabulary)
        self.spaceRunTable = postProcessor?.needsOriginalText == true ? Self.spaceRunTable(model, addedVocabulary) : []
        self.specialAffixes = (
            SpecialAffixes(postProcessor, addSpecialTokens: true),
            SpecialAffixes(postProcessor, addSpecialTokens: false)
        )
        if !addedVocabulary.hasStrippingTokens {
            self.singleTextLayouts = (
                SingleTextLayout(postProcessor, addSpecialTokens: true),
                SingleTextLayout(postProcessor, addSpecialTokens: false)
            )
        } else {
            self.singleTextLayouts = (nil, nil)
        }
        try checkSpecialIDs()
    }

    /// Refuses a post-processor or padding whose ids are not in the vocabulary: callers index
    /// tables with the ids an encoding holds, so every id must be one `decode` knows.
    private func checkSpecialIDs() throws(SubtokError) {
        if let postProcessor {
            let empty = Encoding(ids: [], offsets: [], vocabulary: nil)
            for pair in [nil, empty] {
                for id in postProcessor.process(empty, pair: pair, addSpecialTokens: true).ids
                where token(for: id) == nil {
                    throw SubtokError(.format, "the post-processor adds id \(id), which is not in the vocabulary")
                }
            }
        }
        if let padding, token(for: padding.padID) == nil {
            throw SubtokError(.invalidArgument, "the padding id \(padding.padID) is not in the vocabulary")
        }
    }

    /// The packed `spaceRuns` of every id of `model` and `added` (added tokens first, as
    /// `token(for:)` looks them up). O(total token length), once per tokenizer that trims offsets.
    private static func spaceRunTable(_ model: any Model, _ added: AddedVocabulary) -> [UInt32] {
        let size = max(model.vocabularySize, added.tokens.map { Int($0.id) + 1 }.max() ?? 0)
        var table: [UInt32] = []
        table.reserveCapacity(size)
        for id in 0..<UInt32(size) {
            let token = added.isEmpty ? model.token(for: id) : added.token(for: id)?.content ?? model.token(for: id)
            let runs = SpaceRuns(token ?? "")
            table.append(
                runs.leading < 0xFFFF && runs.trailing < 0xFFFF
                    ? UInt32(runs.leading) | UInt32(runs.trailing) << 16 : Self.unknownSpaceRuns)
        }
        return table
    }

    /// The `spaceRunTable` entry of a token whose runs do not fit in 16 bits each.
    private static let unknownSpaceRuns = UInt32.max

    /// `TokenLookup.spaceRuns`, from the table when the tokenizer keeps one. O(1) then.
    public func spaceRuns(of id: UInt32) -> SpaceRuns {
        guard Int(id) < spaceRunTable.count, spaceRunTable[Int(id)] != Self.unknownSpaceRuns else {
            return SpaceRuns(token(for: id) ?? "")
        }
        let packed = spaceRunTable[Int(id)]
        return SpaceRuns(leading: Int(packed & 0xFFFF), trailing: Int(packed >> 16))
    }

    /// The number of ids: the model's vocabulary and the added tokens beyond it.
    public var vocabularySize: Int {
        max(model.vocabularySize, addedVocabulary.tokens.map { Int($0.id) + 1 }.max() ?? 0)
    }

    /// The id of `token`: an added token first, then the model's. O(length).
    public func id(for token: String) -> UInt32? {
        addedVocabulary.token(content: token)?.id ?? model.id(for: token)
    }

    /// This tokenizer with other truncation and padding (nil turns them off); the components
    /// are shared, so this costs O(added tokens).
    public func with(truncation: Truncation?, padding: Padding?) throws(SubtokError) -> Tokenizer {
        try rebuilt(truncation: truncation, padding: padding, samplingSeed: samplingSeed, sampling: sampling)
    }

    /// This tokenizer with its stochastic draws seeded by `seed` (nil: a fresh seed per call);
    /// the components are shared, so this costs O(added tokens). Deterministic models ignore it.
    public func with(samplingSeed seed: UInt64?) throws(SubtokError) -> Tokenizer {
        try rebuilt(truncation: truncation, padding: padding, samplingSeed: seed, sampling: sampling)
    }

    /// This tokenizer with subword regularization (nil or a non-sampling `nbestSize`: off); the
    /// components are shared, so this costs O(added tokens). Models other than Unigram ignore it.
    public func with(sampling: Sampling?) throws(SubtokError) -> Tokenizer {
        try rebuilt(truncation: truncation, padding: padding, samplingSeed: samplingSeed, sampling: sampling)
    }

    /// A tokenizer sharing these components with the per-call settings given (and other added
    /// tokens, when given).
    func rebuilt(
        truncation: Truncation?, padding: Padding?, samplingSeed: UInt64?, sampling: Sampling?,
        addedTokens: [AddedToken]? = nil
    ) throws(SubtokError) -> Tokenizer {
        try Tokenizer(
            normalizer: normalizer, preTokenizer: preTokenizer, model: model, postProcessor: postProcessor,
            decoder: decoder, addedTokens: addedTokens ?? addedVocabulary.tokens, truncation: truncation,
            padding: padding,
            specialTokensAsText: specialTokensAsText, samplingSeed: samplingSeed, sampling: sampling)
    }

    /// This tokenizer finding its special tokens in text, as `tokenizers` does (for a file read as
    /// its own library reads it, such as a SentencePiece model, whose control pieces are text),
    /// with `normalizer` in place of its own when given.
    func matchingSpecialTokens(normalizer: (any Normalizer)? = nil) throws(SubtokError) -> Tokenizer {
        try Tokenizer(
            normalizer: normalizer ?? self.normalizer, preTokenizer: preTokenizer, model: model,
            postProcessor: postProcessor,
            decoder: decoder, addedTokens: addedVocabulary.tokens, truncation: truncation, padding: padding,
            specialTokensAsText: false, samplingSeed: samplingSeed, sampling: sampling)
    }

    /// The scratch output for one sequence, with room for `capacity` ids (default: one per three
    /// bytes): with a stochastic model or sampling, its generator is seeded from `samplingSeed` and
    /// the text, or freshly.
    func modelOutput(
        for bytes: UnsafeBufferPointer<UInt8>, sequence: Int, withOffsets: Bool, capacity: Int? = nil
    ) -> ModelOutput {
        var random = SplitMix64(seed: 0)
        if model.isStochastic || sampling != nil {
            random =
                samplingSeed.map { SplitMix64(seed: $0, text: bytes, sequence: sequence) }
                ?? SplitMix64(seed: UInt64.random(in: .min ... .max))
        }
        return ModelOutput(
            capacity: capacity ?? bytes.count / 3 + 4, withOffsets: withOffsets, random: random, sampling: sampling)
    }

    /// How `encode` runs for this tokenizer, in words (`subtok info`): the `EncodePlan`, with the
    /// scanner's name and the model's piece cache where there are.
    public var encodePath: String { plan.description(cache: model.pieceCacheName) }

    /// The token string of `id`: an added token first, then the model's. O(1).
    public func token(for id: UInt32) -> String? {
        if !addedVocabulary.isEmpty, let added = addedVocabulary.token(for: id) { return added.content }
        return model.token(for: id)
    }
}
