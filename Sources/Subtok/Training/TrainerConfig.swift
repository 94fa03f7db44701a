/// Everything a training run needs: the model kind, its options and the pipeline (normalizer,
/// pre-tokenizer). Unset options take the family's defaults (DESIGN.md §3): `byte-bpe` is
/// GPT-2's byte-level BPE, `wordpiece` BERT's, `unigram` SentencePiece's, `bpe` classic
/// subword-nmt BPE with a `</w>` suffix. Read from JSON by the C ABI and the Python binding,
/// with the keys named after the properties in snake case.
public struct TrainerConfig: Sendable {
    /// The model families that can be trained.
    public enum ModelKind: String, Sendable, CaseIterable {
        case bpe, byteBPE = "byte-bpe", wordpiece, unigram
    }

    /// The model to train.
    public var model: ModelKind
    /// The vocabulary size to reach, special tokens included.
    public var vocabularySize: Int
    /// Pairs seen fewer times are not merged (BPE family; default 2).
    public var minimumFrequency: UInt64?
    /// Special tokens, first in the vocabulary (default per family).
    public var specialTokens: [String]?
    /// Normalizer steps by name (`nfc`, `nfkc`, `nfd`, `nfkd`, `lowercase`, `strip-accents`,
    /// `bert`, `bert-cased`, `strip`, `collapse-spaces`); an empty list means none.
    public var normalizer: [String]?
    /// Pre-tokenizer by name: `byte-level` (GPT-2), `cl100k`, `o200k`, `bert`, `whitespace`,
    /// `whitespace-split`, `metaspace`, `none`.
    public var preTokenizer: String?
    /// Keep at most this many alphabet characters (BPE family).
    public var limitAlphabet: Int?
    /// Longest token, in characters (BPE family; pieces for Unigram, default 16, at most 255).
    public var maximumTokenLength: Int?
    /// The unknown token (default `<unk>`, `[UNK]` for WordPiece).
    public var unknownToken: String?
    /// Prefix of word-continuing tokens (WordPiece: `##`).
    public var continuingSubwordPrefix: String?
    /// Suffix of word-final tokens (classic BPE: `</w>`).
    public var endOfWordSuffix: String?
    /// Unigram: the share of character occurrences the alphabet must cover (default 0.9995).
    public var characterCoverage: Double?
    /// Unigram: the share of pieces kept by each pruning round (default 0.75).
    public var shrinkingFactor: Double?
    /// Unigram: add `<0xNN>` byte pieces and fall back to them for unknown characters.
    public var byteFallback: Bool
    /// Worker threads (0: one per CPU this process may use).
    public var threads: Int
    /// Silence progress on stderr.
    public var quiet: Bool

    /// A configuration of `model` at `vocabularySize`, everything else at the family defaults.
    public init(model: ModelKind, vocabularySize: Int) {
        self.model = model
        self.vocabularySize = vocabularySize
        self.byteFallback = false
        self.threads = 0
        self.quiet = false
    }

    /// Reads a configuration from a JSON object (`{"model": "byte-bpe", "vocab_size": 8000, ...}`);
    /// unknown keys and wrong types are `invalidArgument` errors naming the key.
    public init(json: JSON) throws(SubtokError) {
        guard case let .object(members) = json else {
            throw SubtokError(.invalidArgument, "the trainer configuration must be a JSON object")
        }
        func fail(_ key: String, _ what: String) -> SubtokError {
            SubtokError(.invalidArgument, "trainer configuration: \(key) must be \(what)")
        }
        func int(_ v: JSON, _ key: String) throws(SubtokError) -> Int {
            guard case let .number(x) = v, x >= 0, x < 1e12, x == x.rounded() else {
                throw fail(key, "a non-negative integer")
            }
            return Int(x)
        }
        func string(_ v: JSON, _ key: String) throws(SubtokError) -> String {
            guard case let .string(s) = v else { throw fail(key, "a string") }
            return s
        }
        func strings(_ v: JSON, _ key: String) throws(SubtokError) -> [String] {
            guard case let .array(items) = v else { throw fail(key, "an array of strings") }
            var out: [String] = []
            for item in items { out.append(try string(item, key)) }
            return out
        }
        func number(_ v: JSON, _ key: String) throws(SubtokError) -> Double {
            guard case let .number(x) = v else { throw fail(key, "a number") }
            return x
        }
        func bool(_ v: JSON, _ key: String) throws(SubtokError) -> Bool {
            guard case let .bool(b) = v else { throw fail(key, "true or false") }
            return b
        }
        guard let kindName = json["model"], case let .string(name) = kindName, let kind = ModelKind(rawValue: name)
        else {
            throw SubtokError(
                .invalidArgument,
                "trainer configuration: model must be one of \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard let size = json["vocab_size"] else {
            throw SubtokError(.invalidArgument, "trainer configuration: vocab_size is required")
        }
        self.init(model: kind, vocabularySize: try int(size, "vocab_size"))
        for (key, value) in members where value != .null {
            switch key {
            case "model", "vocab_size": break
            case "min_frequency": minimumFrequency = UInt64(try int(value, key))
            case "special_tokens": specialTokens = try strings(value, key)
            case "normalizer": normalizer = try strings(value, key)
            case "pre_tokenizer": preTokenizer = try string(value, key)
            case "limit_alphabet": limitAlphabet = try int(value, key)
            case "max_token_length": maximumTokenLength = try int(value, key)
            case "unk_token": unknownToken = try string(value, key)
            case "continuing_subword_prefix": continuingSubwordPrefix = try string(value, key)
            case "end_of_word_suffix": endOfWordSuffix = try string(value, key)
            case "character_coverage": characterCoverage = try number(value, key)
            case "shrinking_factor": shrinkingFactor = try number(value, key)
            case "byte_fallback": byteFallback = try bool(value, key)
            case "threads": threads = try int(value, key)
            case "quiet": quiet = try bool(value, key)
            default: throw SubtokError(.invalidArgument, "trainer configuration: unknown key \(quoted(key))")
            }
        }
    }

    /// The special tokens used: the given ones or the family's.
    public var effectiveSpecialTokens: [String] {
        if let specialTokens { return specialTokens }
        switch model {
        case .byteBPE: return ["<|endoftext|>"]
        case .bpe: return ["<unk>"]
        case .wordpiece: return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        case .unigram: return ["<unk>", "<s>", "</s>"]
        }
    }

    /// The unknown token used (nil for byte-level BPE, which has none).
    public var effectiveUnknownToken: String? {
        if let unknownToken { return unknownToken }
        switch model {
        case .byteBPE: return nil
        case .bpe, .unigram: return "<unk>"
        case .wordpiece: return "[UNK]"
        }
    }

    /// Every normalizer step `normalizer` may name (help texts and errors list these).
    public static let knownNormalizers = [
        "nfc", "nfkc", "nfd", "nfkd", "lowercase", "strip-accents", "strip", "bert", "bert-cased", "collapse-spaces",
        "none",
    ]
    /// Every pre-tokenizer `preTokenizer` may name (`gpt2` is also read, as `byte-level`).
    public static let knownPreTokenizers = [
        "byte-level", "cl100k", "o200k", "bert", "whitespace", "whitespace-split", "metaspace", "none",
    ]

    /// The normalizer steps the configuration names, or the family's.
    public var normalizerNames: [String] {
        if let normalizer { return normalizer.filter { $0 != "none" } }
        switch model {
        case .byteBPE: return []
        case .bpe: return ["bert-cased"]
        case .wordpiece: return ["bert"]
        case .unigram: return ["nfkc", "collapse-spaces", "strip"]
        }
    }

    /// The pre-tokenizer the configuration names, or the family's.
    public var preTokenizerName: String {
        if let preTokenizer { return preTokenizer }
        switch model {
        case .byteBPE: return "byte-level"
        case .bpe, .wordpiece: return "bert"
        case .unigram: return "metaspace"
        }
    }

    /// What decides the words a corpus is counted into, defaults resolved:
    /// `normalizer=bert pre-tokenizer=bert`. Count shards carry it in their header, so counts of
    /// different setups are never summed or trained on together.
    public var countingSetup: String {
        let steps = normalizerNames
        return "normalizer=\(steps.isEmpty ? "none" : steps.joined(separator: ",")) pre-tokenizer=\(preTokenizerName)"
    }

    /// The normalizer the configuration names, or the family's.
    public func makeNormalizer() throws(SubtokError) -> (any Normalizer)? {
        var members: [any Normalizer] = []
        for name in normalizerNames {
            switch name {
            case "nfc": members.append(UnicodeNormalization(.nfc))
            case "nfkc": members.append(UnicodeNormalization(.nfkc))
            case "nfd": members.append(UnicodeNormalization(.nfd))
            case "nfkd": members.append(UnicodeNormalization(.nfkd))
            case "lowercase": members.append(Lowercase())
            case "strip-accents": members.append(StripAccents())
            case "strip": members.append(Strip())
            case "bert": members.append(BertNormalizer())
            case "bert-cased": members.append(BertNormalizer(lowercase: false))
            case "collapse-spaces": members.append(try Replace(regex: " {2,}", content: " "))
            case "none": break
            default:
                throw SubtokError(
                    .invalidArgument,
                    "unknown normalizer \(quoted(name)) (\(Self.knownNormalizers.joined(separator: ", ")))")
            }
        }
        if members.isEmpty { return nil }
        return members.count == 1 ? members[0] : NormalizerSequence(members)
    }

    /// The pre-tokenizer the configuration names, or the family's.
    public func makePreTokenizer() throws(SubtokError) -> (any PreTokenizer)? {
        let name = preTokenizerName
        switch name {
        case "byte-level", "gpt2": return ByteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)
        case "cl100k", "o200k":
            let split = Split(name == "cl100k" ? .cl100k : .o200k, oniguruma: true)
            return PreTokenizerSequence([split, ByteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: false)])
        case "bert": return BertPreTokenizer()
        case "whitespace": return Whitespace()
        case "whitespace-split": return WhitespaceSplit()
        case "metaspace": return Metaspace(prependScheme: .always, split: true)
        case "none": return nil
        default:
            throw SubtokError(
                .invalidArgument,
                "unknown pre-tokenizer \(quoted(name)) (\(Self.knownPreTokenizers.joined(separator: ", ")))")
        }
    }
}
