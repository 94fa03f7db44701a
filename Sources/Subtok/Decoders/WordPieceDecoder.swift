/// WordPiece's decoder: continuation tokens lose their prefix and join the previous token,
/// other tokens are preceded by a space; `cleanup` removes the spaces BERT's tokenization puts
/// before punctuation and inside English contractions (as `tokenizers` does).
public struct WordPieceDecoder: Decoder {
    /// The continuation prefix (`##`).
    public var prefix: String
    /// Whether to tidy spaces around punctuation and contractions.
    public var cleanup: Bool

    /// Creates the decoder.
    public init(prefix: String = "##", cleanup: Bool = true) {
        self.prefix = prefix
        self.cleanup = cleanup
    }

    /// One piece per token. O(total length).
    public func decodeChain(_ tokens: [String]) -> [String] {
        tokens.enumerated().map { i, token in
            var piece = token
            if i != 0 {
                piece = ByteStrings.dropPrefix(prefix, of: token) ?? " " + token
            }
            return cleanup ? Self.cleanUp(piece) : piece
        }
    }

    private static let replacements: [(String, String)] = [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"),
        (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ]

    /// Applies the replacements in order.
    static func cleanUp(_ text: String) -> String {
        var text = text
        for (from, to) in replacements { text = ByteStrings.replaceAll(from, with: to, in: text) }
        return text
    }

    /// `{"type": "WordPiece", ...}`.
    public var json: JSON {
        .object([("type", .string("WordPiece")), ("prefix", .string(prefix)), ("cleanup", .bool(cleanup))])
    }
}

extension WordPieceDecoder {
    /// Reads `{"type": "WordPiece", "prefix", "cleanup"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(prefix: try f.optionalString("prefix") ?? "##", cleanup: try f.bool("cleanup", default: true))
    }
}
