/// Reads and writes Hugging Face `tokenizer.json` files: the pipeline's components by their
/// `type`, the model (including the legacy form whose `model` has no `type`), and the added
/// tokens. A component this version does not implement is an `unsupported` error naming it,
/// never a silently different tokenizer.
public enum TokenizerJSON {
    /// Builds a tokenizer from a parsed `tokenizer.json` document.
    public static func read(_ json: JSON) throws(SubtokError) -> Tokenizer {
        let root = try JSONFields(json, path: "tokenizer.json")
        let truncation = try root.optional("truncation").map { v throws(SubtokError) in try readTruncation(v) }
        let padding = try root.optional("padding").map { v throws(SubtokError) in try readPadding(v) }
        let normalizer = try root.optional("normalizer").map { v throws(SubtokError) in try readNormalizer(v) }
        let preTokenizer = try root.optional("pre_tokenizer").map { v throws(SubtokError) in
            try readPreTokenizer(v, path: "pre_tokenizer")
        }
        let model = try readModel(root.optional("model") ?? .null, byteLevel: preTokenizer?.isByteLevel ?? false)
        let postProcessor = try root.optional("post_processor").map { v throws(SubtokError) in try readPostProcessor(v)
        }
        let decoder = try root.optional("decoder").map { v throws(SubtokError) in try readDecoder(v) }
        var added: [AddedToken] = []
        if root.optional("added_tokens") != nil {
            for (k, item) in try root.array("added_tokens").enumerated() {
                let f = try JSONFields(item, path: "added_tokens[\(k)]")
                added.append(
                    AddedToken(
                        id: try f.uint32("id"), content: try f.string("content"),
                        singleWord: try f.bool("single_word", default: false),
                        leftStrip: try f.bool("lstrip", default: false),
                        rightStrip: try f.bool("rstrip", default: false),
                        normalized: try f.bool("normalized", default: true),
                        special: try f.bool("special", default: false)))
            }
        }
        return try Tokenizer(
            normalizer: normalizer, preTokenizer: preTokenizer, model: model,
            postProcessor: postProcessor, decoder: decoder, addedTokens: added, truncation: truncation, padding: padding
        )
    }

    static func readTruncation(_ v: JSON) throws(SubtokError) -> Truncation {
        let f = try JSONFields(v, path: "truncation")
        let strategyName = try f.optionalString("strategy") ?? "LongestFirst"
        guard let strategy = Truncation.Strategy(rawValue: strategyName) else {
            throw SubtokError(
                .format,
                "truncation.strategy must be LongestFirst, OnlyFirst or OnlySecond, found \(quoted(strategyName))")
        }
        let directionName = try f.optionalString("direction") ?? "Right"
        guard let direction = Truncation.Direction(rawValue: directionName) else {
            throw SubtokError(.format, "truncation.direction must be Right or Left, found \(quoted(directionName))")
        }
        let stride =
            try f.optional("stride").map { v throws(SubtokError) in
                Int(try JSONFields.uint32(v, at: "truncation.stride"))
            } ?? 0
        return Truncation(
            maxLength: Int(try f.uint32("max_length")), stride: stride, strategy: strategy, direction: direction)
    }

    static func readPadding(_ v: JSON) throws(SubtokError) -> Padding {
        let f = try JSONFields(v, path: "padding")
        var strategy = Padding.Strategy.batchLongest
        switch f.optional("strategy") {
        case nil, .string("BatchLongest")?: break
        case let value?:
            guard let fixed = value["Fixed"] else {
                throw SubtokError(.format, "padding.strategy must be \"BatchLongest\" or {\"Fixed\": n}")
            }
            strategy = .fixed(Int(try JSONFields.uint32(fixed, at: "padding.strategy.Fixed")))
        }
        let directionName = try f.optionalString("direction") ?? "Right"
        guard let direction = Padding.Direction(rawValue: directionName) else {
            throw SubtokError(.format, "padding.direction must be Right or Left, found \(quoted(directionName))")
        }
        let multiple = try f.optional("pad_to_multiple_of").map { v throws(SubtokError) in
            Int(try JSONFields.uint32(v, at: "padding.pad_to_multiple_of"))
        }
        return Padding(
            strategy: strategy, direction: direction, padToMultipleOf: multiple,
            padID: try f.optional("pad_id").map { v throws(SubtokError) in
                try JSONFields.uint32(v, at: "padding.pad_id")
            } ?? 0,
            padTypeID: try f.optional("pad_type_id").map { v throws(SubtokError) in
                try JSONFields.uint32(v, at: "padding.pad_type_id")
            } ?? 0,
            padToken: try f.optionalString("pad_token") ?? "[PAD]")
    }

    /// Parses and reads `tokenizer.json` bytes.
    public static func read(bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> Tokenizer {
        let json = try JSONParser.parse(bytes)
        return TekkenFile.matches(json) ? try TekkenFile.read(json) : try read(json)
    }

    /// The `tokenizer.json` document for `tokenizer`, which `tokenizers` loads and encodes identically.
    public static func write(_ tokenizer: Tokenizer) -> JSON {
        let truncation: JSON = tokenizer.truncation?.json ?? .null
        let padding: JSON = tokenizer.padding?.json ?? .null
        let added: JSON = .array(addedTokensWithoutGaps(tokenizer).map(\.json))
        let normalizer: JSON = tokenizer.normalizer?.json ?? .null
        let preTokenizer: JSON = tokenizer.preTokenizer?.json ?? .null
        let postProcessor: JSON = tokenizer.postProcessor?.json ?? .null
        let decoder: JSON = tokenizer.decoder?.json ?? .null
        return .object([
            ("version", .string("1.0")), ("truncation", truncation), ("padding", padding), ("added_tokens", added),
            ("normalizer", normalizer), ("pre_tokenizer", preTokenizer), ("post_processor", postProcessor),
            ("decoder", decoder), ("model", tokenizer.model.json),
        ])
    }

    /// The added tokens, with reserved special tokens filling any ids between the model's
    /// vocabulary and the last added token: `tokenizers` gives added tokens consecutive ids
    /// whatever the file says, so a gap (tiktoken's cl100k has 100256 and 100261-100275) would
    /// shift every later id. Llama 3's files fill theirs the same way.
    static func addedTokensWithoutGaps(_ tokenizer: Tokenizer) -> [AddedToken] {
        let tokens = tokenizer.addedVocabulary.tokens
        guard let last = tokens.last?.id, Int(last) >= tokenizer.model.vocabularySize else { return tokens }
        var out: [AddedToken] = []
        var byID = Dictionary(uniqueKeysWithValues: tokens.map { ($0.id, $0) })
        for id in UInt32(tokenizer.model.vocabularySize)...last {
            if let token = byID.removeValue(forKey: id) {
                out.append(token)
            } else {
                out.append(AddedToken(id: id, content: "<|reserved_special_token_\(id)|>", special: true))
            }
        }
        return byID.values.sorted { $0.id < $1.id } + out
    }

    /// A normalizer's `type` and the initializer that reads it.
    private static let normalizers: [String: @Sendable (JSONFields) throws(SubtokError) -> any Normalizer] = [
        "BertNormalizer": BertNormalizer.init(json:),
        "Lowercase": Lowercase.init(json:),
        "Precompiled": Precompiled.init(json:),
        "NFD": UnicodeNormalization.init(json:),
        "NFKD": UnicodeNormalization.init(json:),
        "NFC": UnicodeNormalization.init(json:),
        "NFKC": UnicodeNormalization.init(json:),
        "StripAccents": StripAccents.init(json:),
        "Strip": Strip.init(json:),
        "Prepend": Prepend.init(json:),
        "Nmt": Nmt.init(json:),
        "ByteLevel": ByteLevelNormalizer.init(json:),
        "Replace": Replace.init(json:),
        "Sequence": NormalizerSequence.init(json:),
    ]

    /// A pre-tokenizer's `type` and the initializer that reads it.
    private static let preTokenizers: [String: @Sendable (JSONFields) throws(SubtokError) -> any PreTokenizer] = [
        "ByteLevel": ByteLevel.init(json:),
        "BertPreTokenizer": BertPreTokenizer.init(json:),
        "Whitespace": Whitespace.init(json:),
        "Split": Split.init(json:),
        "Metaspace": Metaspace.init(json:),
        "WhitespaceSplit": WhitespaceSplit.init(json:),
        "Punctuation": Punctuation.init(json:),
        "Digits": Digits.init(json:),
        "CharDelimiterSplit": CharDelimiterSplit.init(json:),
        "FixedLength": FixedLength.init(json:),
        "UnicodeScripts": UnicodeScripts.init(json:),
        "Sequence": PreTokenizerSequence.init(json:),
    ]

    /// A post-processor's `type` and the initializer that reads it.
    private static let postProcessors: [String: @Sendable (JSONFields) throws(SubtokError) -> any PostProcessor] = [
        "ByteLevel": ByteLevelProcessing.init(json:),
        "RobertaProcessing": RobertaProcessing.init(json:),
        "TemplateProcessing": TemplateProcessing.init(json:),
        "BertProcessing": BertProcessing.init(json:),
        "Sequence": PostProcessorSequence.init(json:),
    ]

    /// A decoder's `type` and the initializer that reads it.
    private static let decoders: [String: @Sendable (JSONFields) throws(SubtokError) -> any Decoder] = [
        "ByteLevel": ByteLevelDecoder.init(json:),
        "WordPiece": WordPieceDecoder.init(json:),
        "Metaspace": MetaspaceDecoder.init(json:),
        "ByteFallback": ByteFallbackDecoder.init(json:),
        "BPEDecoder": BPEDecoder.init(json:),
        "Fuse": FuseDecoder.init(json:),
        "CTC": CTCDecoder.init(json:),
        "Strip": StripDecoder.init(json:),
        "Replace": ReplaceDecoder.init(json:),
        "Sequence": DecoderSequence.init(json:),
    ]

    /// The component of `stage` (its name in errors) at `path`, read by the initializer
    /// `registry` holds for its `type`; an unknown type is an `unsupported` error naming it.
    private static func read<Component>(
        _ v: JSON, path: String, stage: String,
        _ registry: [String: @Sendable (JSONFields) throws(SubtokError) -> Component]
    ) throws(SubtokError) -> Component {
        let f = try JSONFields(v, path: path)
        let type = try f.string("type")
        guard let read = registry[type] else {
            throw SubtokError(.unsupported, "\(stage) \(type) is not supported yet")
        }
        return try read(f)
    }

    /// The normalizer at `path` of a `tokenizer.json`, by its `type`.
    static func readNormalizer(_ v: JSON, path: String = "normalizer") throws(SubtokError) -> any Normalizer {
        try read(v, path: path, stage: "normalizer", normalizers)
    }

    /// The pre-tokenizer at `path` of a `tokenizer.json`, by its `type`.
    static func readPreTokenizer(_ v: JSON, path: String = "pre_tokenizer") throws(SubtokError) -> any PreTokenizer {
        try read(v, path: path, stage: "pre-tokenizer", preTokenizers)
    }

    /// The post-processor at `path` of a `tokenizer.json`, by its `type`.
    static func readPostProcessor(_ v: JSON, path: String = "post_processor") throws(SubtokError) -> any PostProcessor {
        try read(v, path: path, stage: "post-processor", postProcessors)
    }

    /// The decoder at `path` of a `tokenizer.json`, by its `type`.
    static func readDecoder(_ v: JSON, path: String = "decoder") throws(SubtokError) -> any Decoder {
        try read(v, path: path, stage: "decoder", decoders)
    }

    /// The model of a `tokenizer.json`, by its `type` (or, for files without one, by the fields
    /// it has), read by the model's `init(json:)`.
    static func readModel(_ v: JSON, byteLevel: Bool) throws(SubtokError) -> any Model {
        let f = try JSONFields(v, path: "model")
        let type: String
        if let t = try f.optionalString("type") {
            type = t
        } else if f.optional("merges") != nil {
            type = "BPE"
        } else if f.optional("max_input_chars_per_word") != nil {
            type = "WordPiece"
        } else if case .array? = f.optional("vocab") {
            type = "Unigram"
        } else {
            type = "WordLevel"
        }
        switch type {
        case "BPE": return try BPE(json: f, byteLevel: byteLevel)
        case "WordPiece": return try WordPiece(json: f)
        case "Unigram": return try Unigram(json: f)
        case "WordLevel": return try WordLevel(json: f)
        default: throw SubtokError(.unsupported, "model \(type) is not supported yet")
        }
    }
}
