/// What a Hugging Face model directory's `tokenizer_config.json` says about the tokens
/// `transformers` adds around each text and to the vocabulary (`added_tokens_decoder`), and
/// the special tokens it matches in text. `transformers` applies it when it builds the tokenizer
/// from a SentencePiece model (`tokenizer.model`, `spiece.model`); a `tokenizer.json`'s own
/// post-processor takes precedence over it (checked with transformers 5), so it is read only
/// for SentencePiece directories.
struct TokenizerConfig: Sendable {
    /// `tokenizer_class`, e.g. `LlamaTokenizer`, `T5Tokenizer`.
    var tokenizerClass: String?
    /// `add_bos_token` / `add_eos_token` (nil when absent).
    var addBOS: Bool?
    var addEOS: Bool?
    /// `bos_token` / `eos_token` (a string, or an object with `content`).
    var bosToken: String?
    var eosToken: String?
    /// `legacy`: SentencePiece's dummy prefix on every part of a text between special tokens
    /// (true), or only at the text's start (false; `transformers`' reading when absent).
    var legacy: Bool?
    /// `unk_token` / `pad_token`.
    var unknownToken: String?
    var padToken: String?
    /// `added_tokens_decoder`: the tokens added to the model's, with the ids the file gives them.
    var addedTokens: [AddedToken] = []

    /// The file's name in a model directory.
    static let fileName = "tokenizer_config.json"

    /// Reads the file at `path`; throws `io` or `format` errors (a field of the wrong type is
    /// an error naming it).
    init(path: String) throws(SubtokError) {
        let bytes = try readFile(path)
        let json = try bytes.withUnsafeBufferPointer { (b) throws(SubtokError) in try JSONParser.parse(b) }
        guard case .object = json else { throw SubtokError(.format, "\(Self.fileName) is not a JSON object") }
        tokenizerClass = try Self.string(json, "tokenizer_class")
        addBOS = try Self.bool(json, "add_bos_token")
        addEOS = try Self.bool(json, "add_eos_token")
        bosToken = try Self.string(json, "bos_token")
        eosToken = try Self.string(json, "eos_token")
        legacy = try Self.bool(json, "legacy")
        unknownToken = try Self.string(json, "unk_token")
        padToken = try Self.string(json, "pad_token")
        addedTokens = try Self.addedTokens(json)
    }

    /// The tokens of `added_tokens_decoder` ({"id": {"content", "special", "lstrip", "rstrip",
    /// "single_word", "normalized"}}), in id order; `normalized` defaults to not `special`, as
    /// `transformers` reads it.
    private static func addedTokens(_ json: JSON) throws(SubtokError) -> [AddedToken] {
        guard let value = json["added_tokens_decoder"], value != .null else { return [] }
        guard case let .object(entries) = value else {
            throw SubtokError(.format, "\(fileName): added_tokens_decoder is not an object")
        }
        var tokens: [AddedToken] = []
        for (key, entry) in entries {
            let path = "\(fileName): added_tokens_decoder[\(key)]"
            guard let id = UInt32(key) else { throw SubtokError(.format, "\(path): the key is not an id") }
            let f = try JSONFields(entry, path: path)
            let special = try f.bool("special", default: false)
            tokens.append(
                AddedToken(
                    id: id, content: try f.string("content"), singleWord: try f.bool("single_word", default: false),
                    leftStrip: try f.bool("lstrip", default: false), rightStrip: try f.bool("rstrip", default: false),
                    normalized: try f.bool("normalized", default: !special), special: special))
        }
        return tokens.sorted { $0.id < $1.id }
    }

    /// Whether each text gets the beginning and the end token: as the file says, else not;
    /// T5's tokenizers add `</s>` whatever the file says (as `transformers` does, which has no
    /// `add_eos_token` for them).
    var addsBOS: Bool { addBOS ?? false }
    var addsEOS: Bool { tokenizerClass?.hasPrefix("T5") == true || addEOS == true }

    /// `tokenizer` with the added tokens and the boundary tokens this file asks for; throws a
    /// `format` error naming a token the vocabulary lacks, or an added token whose id is neither
    /// the model's own for its text nor the next free one. The tokenizer as it is when the file
    /// asks for nothing.
    func applied(to tokenizer: Tokenizer) throws(SubtokError) -> Tokenizer {
        // As transformers builds it: special tokens found in text, the named ones among them.
        let named = [unknownToken, bosToken, eosToken, padToken].compactMap { name in
            name.flatMap { tokenizer.id(for: $0) }.map {
                AddedToken(id: $0, content: name!, normalized: false, special: true)
            }
        }
        let normalizer =
            legacy == true ? nil : tokenizer.normalizer?.markingTextStartOnly
        var tokenizer = try tokenizer.matchingSpecialTokens(normalizer: normalizer).adding(named).tokenizer
        if !addedTokens.isEmpty {
            tokenizer = try tokenizer.adding(addedTokens).tokenizer
            for token in addedTokens where tokenizer.id(for: token.content) != token.id {
                throw SubtokError(
                    .format,
                    "\(Self.fileName): added_tokens_decoder gives \(quoted(token.content)) id \(token.id), but the model has \(tokenizer.id(for: token.content).map { "it as \($0)" } ?? "no such id") (ids must follow the model's)"
                )
            }
        }
        guard addsBOS || addsEOS else { return tokenizer }
        func token(
            _ name: String?, _ fallback: String, _ field: String
        ) throws(SubtokError) -> (id: UInt32, text: String) {
            let text = name ?? fallback
            guard let id = tokenizer.id(for: text) else {
                throw SubtokError(.format, "\(Self.fileName): \(field) \(quoted(text)) is not in the vocabulary")
            }
            return (id, text)
        }
        return try tokenizer.withBoundaryTokens(
            bos: addsBOS ? try token(bosToken, "<s>", "bos_token") : nil,
            eos: addsEOS ? try token(eosToken, "</s>", "eos_token") : nil)
    }

    private static func string(_ json: JSON, _ key: String) throws(SubtokError) -> String? {
        switch json[key] {
        case nil, .null?: return nil
        case let .string(text)?: return text
        case let .object(fields)?:
            if case let .string(text)? = fields.first(where: { $0.key == "content" })?.value { return text }
        default: break
        }
        throw SubtokError(.format, "\(fileName): \(key) is not a string or an object with a content string")
    }

    private static func bool(_ json: JSON, _ key: String) throws(SubtokError) -> Bool? {
        switch json[key] {
        case nil, .null?: return nil
        case let .bool(value)?: return value
        default: throw SubtokError(.format, "\(fileName): \(key) is not a boolean")
        }
    }
}
