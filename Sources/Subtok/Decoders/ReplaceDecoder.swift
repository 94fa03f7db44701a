/// Replaces a string in each token (`"type": "Replace"` as a decoder; string patterns).
public struct ReplaceDecoder: Decoder {
    /// The text to find.
    public let pattern: String
    /// What to put instead.
    public let content: String

    /// Creates the decoder; throws for an empty pattern.
    public init(pattern: String, content: String) throws(SubtokError) {
        guard !pattern.isEmpty else { throw SubtokError(.format, "decoder Replace: the pattern must not be empty") }
        self.pattern = pattern
        self.content = content
    }

    /// One piece per token.
    public func decodeChain(_ tokens: [String]) -> [String] {
        tokens.map { ByteStrings.replaceAll(pattern, with: content, in: $0) }
    }

    /// `{"type": "Replace", "pattern": {"String": ...}, "content": ...}`.
    public var json: JSON {
        .object([("type", .string("Replace")), ("pattern", .object([("String", .string(pattern))])), ("content", .string(content))])
    }
}
