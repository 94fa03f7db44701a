/// Joins all tokens into one piece (`"type": "Fuse"`).
public struct FuseDecoder: Decoder {
    /// Creates the decoder.
    public init() {}

    /// One piece.
    public func decodeChain(_ tokens: [String]) -> [String] { [tokens.joined()] }

    /// `{"type": "Fuse"}`.
    public var json: JSON { .object([("type", .string("Fuse"))]) }
}
