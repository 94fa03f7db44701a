/// Joins all tokens into one piece (`"type": "Fuse"`).
public struct FuseDecoder: Decoder {
    /// Creates the decoder.
    public init() {}

    /// One piece.
    public func decodeChain(_ tokens: [String]) -> [String] { [tokens.joined()] }

    /// `{"type": "Fuse"}`.
    public var json: JSON { .object([("type", .string("Fuse"))]) }
}

extension FuseDecoder {
    /// Reads `{"type": "Fuse"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
