/// A word-to-id table (`"type": "WordLevel"`): each piece is one token, its id from the
/// vocabulary or the unknown token's. One hash look-up per piece.
public struct WordLevel: Model {
    /// Token strings by id.
    public let vocabulary: Vocabulary
    /// The token for pieces outside the vocabulary.
    public let unknownToken: String
    private let unknownID: UInt32

    /// Builds the model; throws a format error when `unknownToken` is not in the vocabulary
    /// (`tokenizers` loads such a file but fails on the first word outside it).
    public init(vocabulary: Vocabulary, unknownToken: String = "<unk>") throws(SubtokError) {
        guard let unknownID = vocabulary.id(for: unknownToken) else {
            throw SubtokError(.format, "WordLevel: the unknown token \(quoted(unknownToken)) is not in the vocabulary")
        }
        self.vocabulary = vocabulary
        self.unknownToken = unknownToken
        self.unknownID = unknownID
    }

    /// The number of tokens.
    public var vocabularySize: Int { vocabulary.count }
    /// "WordLevel".
    public var typeName: String { "WordLevel" }
    /// The id of `token`, or nil.
    public func id(for token: String) -> UInt32? { vocabulary.id(for: token) }
    /// The token of `id`, or nil.
    public func token(for id: UInt32) -> String? { vocabulary.token(for: id) }

    /// Appends the piece's id, or the unknown id. O(piece length).
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout ModelOutput) {
        guard end > start, let p = text.baseAddress else { return }
        output.append(vocabulary.id(p + start, end - start) ?? unknownID, start, end)
    }

    /// `{"type": "WordLevel", "vocab": {...}, "unk_token": ...}`.
    public var json: JSON {
        .object([
            ("type", .string("WordLevel")),
            (
                "vocab",
                .object(vocabulary.tokens.enumerated().map { (key: $0.element, value: JSON.number(Double($0.offset))) })
            ),
            ("unk_token", .string(unknownToken)),
        ])
    }
}

extension WordLevel {
    /// Reads a `tokenizer.json` model `{"type": "WordLevel", "vocab", "unk_token"}`. O(tokens).
    init(json f: JSONFields) throws(SubtokError) {
        try self.init(vocabulary: try Vocabulary(json: f), unknownToken: try f.optionalString("unk_token") ?? "<unk>")
    }
}
