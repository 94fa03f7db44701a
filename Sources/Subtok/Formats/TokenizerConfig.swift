/// What a Hugging Face model directory's `tokenizer_config.json` says about the tokens
/// `transformers` adds around each text. `transformers` applies it when it builds the tokenizer
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
    }

    /// Whether each text gets the beginning and the end token: as the file says, else not;
    /// T5's tokenizers add `</s>` whatever the file says (as `transformers` does, which has no
    /// `add_eos_token` for them).
    var addsBOS: Bool { addBOS ?? false }
    var addsEOS: Bool { tokenizerClass?.hasPrefix("T5") == true || addEOS == true }

    /// `tokenizer` with the tokens this file asks for; throws a `format` error naming a token
    /// the vocabulary lacks. The tokenizer as it is when the file asks for none.
    func applied(to tokenizer: Tokenizer) throws(SubtokError) -> Tokenizer {
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
