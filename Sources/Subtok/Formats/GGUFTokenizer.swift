/// The tokenizer a GGUF file (llama.cpp's model format) carries in its metadata, built to
/// encode as the model's Hugging Face tokenizer does (not as llama.cpp's own tokenizer, which
/// differs from it on many inputs):
///
/// - `llama` (SentencePiece BPE: Llama 2, Mistral, Gemma) and `t5` (Unigram): the pieces, scores
///   and types, as from a `.model` file, with the space prefix, extra-white-space removal and
///   charsmap the metadata gives;
/// - `gpt2` (byte-level BPE: GPT-2, Llama 3, Qwen, DeepSeek, Mistral tekken, GPT-4o-style): the
///   tokens and merges, with the pre-tokenizer of `tokenizer.ggml.pre` mapped to the pattern that
///   model's own `tokenizer.json` uses (an unknown name is an `unsupported` error listing the
///   known ones, never a silent guess); control tokens are special added tokens, user-defined
///   ones plain added tokens.
///
/// The beginning- and end-of-text tokens are added when `tokenizer.ggml.add_bos_token` /
/// `add_eos_token` say so (absent: llama.cpp's defaults, BOS for `llama` and the Llama 3 family,
/// EOS for `t5`). `bert` is `GGUFWordPiece`'s; other models are `unsupported`. O(vocabulary size).
enum GGUFTokenizer {
    /// Builds the tokenizer from `metadata`.
    static func read(_ metadata: GGUFMetadata) throws(SubtokError) -> Tokenizer {
        let values = metadata.values
        guard case let .string(model)? = values["tokenizer.ggml.model"] else {
            throw SubtokError(.format, "GGUF: no tokenizer.ggml.model (this file holds no tokenizer)")
        }
        guard case let .strings(tokens)? = values["tokenizer.ggml.tokens"], !tokens.isEmpty else {
            throw SubtokError(.format, "GGUF: tokenizer.ggml.tokens is missing or not a list of strings")
        }
        let types = try numbers(values, "tokenizer.ggml.token_type", count: tokens.count) ?? []
        let pre: String
        if case let .string(name)? = values["tokenizer.ggml.pre"] { pre = name } else { pre = "default" }
        let llama3Family = Self.patterns[pre]?.family == .llama3
        let addBOS = flag(values, "tokenizer.ggml.add_bos_token") ?? (model == "llama" || llama3Family)
        let addEOS = flag(values, "tokenizer.ggml.add_eos_token") ?? (model == "t5")
        let base: Tokenizer
        switch model {
        case "llama", "t5":
            base = try sentencePiece(values, tokens, types, unigram: model == "t5")
        case "gpt2":
            base = try byteLevel(values, tokens, types, pre: pre)
        case "bert":
            return try GGUFWordPiece.tokenizer(values, tokens, types)
        default:
            throw SubtokError(
                .unsupported, "GGUF tokenizer model \(quoted(model)) is not supported (llama, t5, gpt2 and bert are)")
        }
        guard addBOS || addEOS else { return base }
        let bos = addBOS ? try specialToken(values, "tokenizer.ggml.bos_token_id", tokens) : nil
        let eos = addEOS ? try specialToken(values, "tokenizer.ggml.eos_token_id", tokens) : nil
        return try base.withBoundaryTokens(bos: bos, eos: eos)
    }

    /// A SentencePiece model (`llama`: BPE, `t5`: Unigram) from the pieces, scores and types.
    private static func sentencePiece(
        _ values: [String: GGUFMetadata.Value], _ tokens: [String], _ types: [Double],
        unigram: Bool
    ) throws(SubtokError) -> Tokenizer {
        guard let scores = try numbers(values, "tokenizer.ggml.scores", count: tokens.count) else {
            throw SubtokError(.format, "GGUF: a \(unigram ? "t5" : "llama") tokenizer needs tokenizer.ggml.scores")
        }
        var pieces: [(String, Double, Unigram.PieceType)] = []
        pieces.reserveCapacity(tokens.count)
        for k in tokens.indices {
            let raw = k < types.count ? types[k] : 1
            guard let type = UInt8(exactly: raw).flatMap(Unigram.PieceType.init(rawValue:)) else {
                throw SubtokError(.format, "GGUF: token \(k) has the unknown token type \(raw)")
            }
            pieces.append((tokens[k], Double(Float(scores[k])), type))
        }
        var charsmap: [UInt8] = []
        if let bytes = try numbers(values, "tokenizer.ggml.precompiled_charsmap", count: nil) {
            guard let converted = bytes.map({ UInt8(exactly: $0) }) as? [UInt8] else {
                throw SubtokError(.format, "GGUF: tokenizer.ggml.precompiled_charsmap holds a value that is not a byte")
            }
            charsmap = converted
        }
        return try SentencePieceModelFile.tokenizer(
            SentencePieceModelFile.Spec(
                pieces: pieces, unigram: unigram, byteFallback: pieces.contains { $0.2 == .byte }, charsmap: charsmap,
                addDummyPrefix: flag(values, "tokenizer.ggml.add_space_prefix") ?? true,
                removeExtraWhitespaces: flag(values, "tokenizer.ggml.remove_extra_whitespaces") ?? false))
    }

    /// A byte-level BPE model from the tokens and merges, as a `tokenizer.json` document read by
    /// `TokenizerJSON`.
    private static func byteLevel(
        _ values: [String: GGUFMetadata.Value], _ tokens: [String], _ types: [Double],
        pre: String
    ) throws(SubtokError) -> Tokenizer {
        guard case let .strings(merges)? = values["tokenizer.ggml.merges"] else {
            throw SubtokError(.format, "GGUF: a gpt2 tokenizer needs tokenizer.ggml.merges")
        }
        guard let split = patterns[pre] else {
            let known = patterns.keys.sorted().joined(separator: ", ")
            throw SubtokError(.unsupported, "GGUF pre-tokenizer \(quoted(pre)) is not known; known: \(known)")
        }
        let byteLevelSplit: JSON = .object([
            ("type", .string("ByteLevel")), ("add_prefix_space", .bool(false)), ("trim_offsets", .bool(true)),
            ("use_regex", .bool(split.regexes.isEmpty)),
        ])
        let splits = split.regexes.map { regex -> JSON in
            .object([
                ("type", .string("Split")), ("pattern", .object([("Regex", .string(regex))])),
                ("behavior", .string("Isolated")),
                ("invert", .bool(false)),
            ])
        }
        let preTokenizer: JSON =
            splits.isEmpty
            ? byteLevelSplit
            : .object([("type", .string("Sequence")), ("pretokenizers", .array(splits + [byteLevelSplit]))])
        var added: [JSON] = []
        for k in tokens.indices where k < types.count && (types[k] == 3 || types[k] == 4) {
            added.append(
                .object([
                    ("id", .number(Double(k))), ("content", .string(tokens[k])), ("single_word", .bool(false)),
                    ("lstrip", .bool(false)),
                    ("rstrip", .bool(false)), ("normalized", .bool(false)), ("special", .bool(types[k] == 3)),
                ]))
        }
        let byteLevelProcessing: JSON = .object([
            ("type", .string("ByteLevel")), ("add_prefix_space", .bool(true)), ("trim_offsets", .bool(false)),
            ("use_regex", .bool(true)),
        ])
        let document: JSON = .object([
            ("version", .string("1.0")), ("added_tokens", .array(added)), ("normalizer", .null),
            ("pre_tokenizer", preTokenizer),
            ("post_processor", byteLevelProcessing),
            (
                "decoder",
                .object([
                    ("type", .string("ByteLevel")), ("add_prefix_space", .bool(true)), ("trim_offsets", .bool(true)),
                    ("use_regex", .bool(true)),
                ])
            ),
            (
                "model",
                .object([
                    ("type", .string("BPE")), ("dropout", .null), ("unk_token", .null),
                    ("continuing_subword_prefix", .null),
                    ("end_of_word_suffix", .null), ("fuse_unk", .bool(false)), ("byte_fallback", .bool(false)),
                    ("ignore_merges", .bool(split.family.ignoresMerges)),
                    (
                        "vocab",
                        .object(tokens.enumerated().map { (key: $0.element, value: JSON.number(Double($0.offset))) })
                    ),
                    ("merges", .array(merges.map(JSON.string))),
                ])
            ),
        ])
        return try TokenizerJSON.read(document)
    }

    /// How a family of `tokenizer.ggml.pre` names splits text.
    struct PreTokenizerPattern {
        enum Family {
            case gpt2, llama3, other

            /// Whether the family's models encode a text that is a token as that token without
            /// merging (`ignore_merges`), as llama.cpp sets it for Llama 3 and tekken.
            var ignoresMerges: Bool { self == .llama3 }
        }

        /// The Split regexes in order (none: the ByteLevel pre-tokenizer's own GPT-2 regex).
        let regexes: [String]
        let family: Family
    }

    /// The `tokenizer.ggml.pre` names whose `tokenizer.json` split this library knows, from
    /// llama.cpp's list (`llama-vocab.cpp`).
    static let patterns: [String: PreTokenizerPattern] = {
        var table: [String: PreTokenizerPattern] = [:]
        let gpt2 = PreTokenizerPattern(regexes: [], family: .gpt2)
        for name in [
            "default", "gpt-2", "phi-2", "jina-es", "jina-de", "jina-v2-es", "jina-v2-de", "jina-v2-code", "gigachat",
            "a.x-4.0", "mellum", "roberta-bpe",
        ] { table[name] = gpt2 }
        let llama3 = PreTokenizerPattern(regexes: Split.KnownPattern.llama3.regex, family: .llama3)
        for name in ["llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2"] {
            table[name] = llama3
        }
        let tekken = PreTokenizerPattern(regexes: Split.KnownPattern.tekken.regex, family: .llama3)
        table["tekken"] = tekken
        let qwen2 = PreTokenizerPattern(regexes: Split.KnownPattern.qwen2.regex, family: .other)
        for name in ["qwen2", "deepseek-r1-qwen", "kormo", "megrez"] { table[name] = qwen2 }
        let o200k = PreTokenizerPattern(regexes: Split.KnownPattern.o200k.regex, family: .other)
        for name in ["gpt-4o", "llama4"] { table[name] = o200k }
        table["dbrx"] = PreTokenizerPattern(regexes: Split.KnownPattern.cl100k.regex, family: .other)
        table["deepseek-v3"] = PreTokenizerPattern(regexes: DeepSeekV3Split.patterns, family: .other)
        return table
    }()

    /// The numbers of `key` (nil when absent); with `count`, there must be exactly that many.
    static func numbers(
        _ values: [String: GGUFMetadata.Value], _ key: String, count: Int?
    ) throws(SubtokError) -> [Double]? {
        guard let value = values[key] else { return nil }
        guard case let .numbers(numbers) = value else {
            throw SubtokError(.format, "GGUF: \(key) is not a list of numbers")
        }
        if let count, numbers.count != count {
            throw SubtokError(.format, "GGUF: \(key) has \(numbers.count) entries for \(count) tokens")
        }
        return numbers
    }

    /// The boolean `key`, or nil when absent or not a boolean.
    static func flag(_ values: [String: GGUFMetadata.Value], _ key: String) -> Bool? {
        if case let .bool(value)? = values[key] { return value }
        return nil
    }

    /// The id `key` names and its token's text; a `format` error when absent or out of range.
    private static func specialToken(
        _ values: [String: GGUFMetadata.Value], _ key: String, _ tokens: [String]
    ) throws(SubtokError) -> (id: UInt32, text: String) {
        let raw: Double
        switch values[key] {
        case let .unsigned(v)?: raw = Double(v)
        case let .integer(v)?: raw = Double(v)
        default:
            throw SubtokError(.format, "GGUF: \(key) is needed (the file asks for that token to be added) but missing")
        }
        guard raw >= 0, raw < Double(tokens.count) else {
            throw SubtokError(.format, "GGUF: \(key) \(Int(raw)) is not a token id")
        }
        return (UInt32(raw), tokens[Int(raw)])
    }
}
