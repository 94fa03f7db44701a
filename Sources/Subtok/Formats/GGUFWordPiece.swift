/// The BERT tokenizer of a GGUF file whose `tokenizer.ggml.model` is `bert`, built as the
/// model's Hugging Face `tokenizer.json` has it. llama.cpp's converter (`BertModel.set_vocab`)
/// spells the WordPiece vocabulary its own way: a word-initial token with U+2581 in front, a
/// continuation without its `##`, control tokens (and, from older converters, `[…]` tokens) as
/// they are; this spells it back. Control tokens, and the unknown, `[CLS]`, `[SEP]`, padding and
/// mask tokens (by id, else by name) are special added tokens. The file does not say whether the model lowercases: an uncased
/// model's vocabulary holds no character that lowercasing changes, so the tokenizer lowercases
/// (and strips accents, as `tokenizers` does by default then) exactly when no ordinary token holds
/// one. `[CLS]` and `[SEP]` frame each sequence as `tokenizers`' BERT template does (the BOS and
/// separator or EOS ids, else the tokens of those names), whatever `add_bos_token` says: the
/// converter reads that flag from the template by name, and writes false for `[CLS]` when the
/// model's `tokenizer_config.json` names no `cls_token` (as bert-base-uncased's does not).
/// O(vocabulary size).
enum GGUFWordPiece {
    /// llama.cpp's token types: a control token, a user-defined one.
    private static let control = 3.0
    private static let userDefined = 4.0

    /// Builds the tokenizer from the metadata's `values`, `tokens` and their `types`.
    static func tokenizer(
        _ values: [String: GGUFMetadata.Value], _ tokens: [String], _ types: [Double]
    ) throws(SubtokError) -> Tokenizer {
        var vocabulary: [String] = []
        vocabulary.reserveCapacity(tokens.count)
        var cased = false
        for (k, token) in tokens.enumerated() {
            let type = k < types.count ? types[k] : 1
            let word: String
            if type == control || bracketed(token) {
                word = token
            } else if token.hasPrefix("\u{2581}") {
                word = String(token.unicodeScalars.dropFirst())
            } else {
                word = "##" + token
            }
            if !cased, type != control, type != userDefined, !bracketed(token), word.lowercased() != word {
                cased = true
            }
            vocabulary.append(word)
        }
        var seen = Set<String>()
        for (k, word) in vocabulary.enumerated() where !seen.insert(word).inserted {
            throw SubtokError(.format, "GGUF: bert token \(k) spells \(quoted(word)), as an earlier token does")
        }
        let unknown = try token(values, "tokenizer.ggml.unknown_token_id", named: "[UNK]", in: vocabulary)
        guard let unknown else {
            throw SubtokError(.format, "GGUF: a bert tokenizer needs tokenizer.ggml.unknown_token_id or an [UNK] token")
        }
        let cls = try token(values, "tokenizer.ggml.bos_token_id", named: "[CLS]", in: vocabulary)
        var sep = try token(values, "tokenizer.ggml.seperator_token_id", named: nil, in: vocabulary)
        if sep == nil { sep = try token(values, "tokenizer.ggml.eos_token_id", named: "[SEP]", in: vocabulary) }
        // The named tokens are special as in every BERT tokenizer.json, control type or not.
        var named = Set([unknown, cls, sep].compactMap { $0?.1 })
        for (key, name) in [("tokenizer.ggml.padding_token_id", "[PAD]"), ("tokenizer.ggml.mask_token_id", "[MASK]")] {
            if let (_, id) = try token(values, key, named: name, in: vocabulary) { named.insert(id) }
        }
        var added: [JSON] = []
        for k in tokens.indices {
            let type = k < types.count ? types[k] : 1
            let special = type == control || named.contains(k)
            guard special || type == userDefined else { continue }
            added.append(
                .object([
                    ("id", .number(Double(k))), ("content", .string(vocabulary[k])), ("single_word", .bool(false)),
                    ("lstrip", .bool(false)), ("rstrip", .bool(false)), ("normalized", .bool(!special)),
                    ("special", .bool(special)),
                ]))
        }
        let document: JSON = .object([
            ("version", .string("1.0")), ("added_tokens", .array(added)),
            (
                "normalizer",
                .object([
                    ("type", .string("BertNormalizer")), ("clean_text", .bool(true)),
                    ("handle_chinese_chars", .bool(true)), ("strip_accents", .null), ("lowercase", .bool(!cased)),
                ])
            ),
            ("pre_tokenizer", .object([("type", .string("BertPreTokenizer"))])),
            ("post_processor", template(cls: cls, sep: sep)),
            (
                "decoder",
                .object([("type", .string("WordPiece")), ("prefix", .string("##")), ("cleanup", .bool(true))])
            ),
            (
                "model",
                .object([
                    ("type", .string("WordPiece")), ("unk_token", .string(unknown.0)),
                    ("continuing_subword_prefix", .string("##")), ("max_input_chars_per_word", .number(100)),
                    (
                        "vocab",
                        .object(vocabulary.enumerated().map { (key: $0.element, value: .number(Double($0.offset))) })
                    ),
                ])
            ),
        ])
        return try TokenizerJSON.read(document)
    }

    /// Whether `token` is written `[…]`, as older converters left special tokens.
    private static func bracketed(_ token: String) -> Bool {
        token.count > 2 && token.hasPrefix("[") && token.hasSuffix("]")
    }

    /// The token the id at `key` names, else the token spelled `name`; nil when neither is there.
    private static func token(
        _ values: [String: GGUFMetadata.Value], _ key: String, named name: String?, in vocabulary: [String]
    ) throws(SubtokError) -> (String, Int)? {
        let raw: Int?
        switch values[key] {
        case let .unsigned(v)?: raw = Int(exactly: v)
        case let .integer(v)?: raw = Int(exactly: v)
        case nil: raw = nil
        default: throw SubtokError(.format, "GGUF: \(key) is not an integer")
        }
        if let raw {
            guard vocabulary.indices.contains(raw) else {
                throw SubtokError(.format, "GGUF: \(key) \(raw) is not a token id")
            }
            return (vocabulary[raw], raw)
        }
        guard let name, let id = vocabulary.firstIndex(of: name) else { return nil }
        return (name, id)
    }

    /// `tokenizers`' BERT template with `cls` and `sep` (either may be missing): `[CLS] $A [SEP]`,
    /// and for pairs `[CLS] $A [SEP] $B:1 [SEP]:1`; null for neither.
    private static func template(cls: (String, Int)?, sep: (String, Int)?) -> JSON {
        let frame = [cls, sep].compactMap { $0 }
        guard !frame.isEmpty else { return .null }
        func special(_ token: (String, Int), _ typeID: Int) -> JSON {
            .object([("SpecialToken", .object([("id", .string(token.0)), ("type_id", .number(Double(typeID)))]))])
        }
        func sequence(_ name: String, _ typeID: Int) -> JSON {
            .object([("Sequence", .object([("id", .string(name)), ("type_id", .number(Double(typeID)))]))])
        }
        var single: [JSON] = cls.map { [special($0, 0)] } ?? []
        single.append(sequence("A", 0))
        var pair = single
        if let sep {
            single.append(special(sep, 0))
            pair.append(special(sep, 0))
        }
        pair.append(sequence("B", 1))
        if let sep { pair.append(special(sep, 1)) }
        let specials = frame.map { token in
            (
                key: token.0,
                value: JSON.object([
                    ("id", .string(token.0)), ("ids", .array([.number(Double(token.1))])),
                    ("tokens", .array([.string(token.0)])),
                ])
            )
        }
        return .object([
            ("type", .string("TemplateProcessing")), ("single", .array(single)), ("pair", .array(pair)),
            ("special_tokens", .object(specials)),
        ])
    }
}
