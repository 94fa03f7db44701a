/// Classic BPE's decoder (`"type": "BPEDecoder"`, as `tokenizers`): the end-of-word suffix
/// becomes a space, except on the last token, where it is removed. O(total token length).
public struct BPEDecoder: Decoder {
    /// The end-of-word suffix (`</w>`).
    public let suffix: String

    /// Creates the decoder.
    public init(suffix: String = "</w>") { self.suffix = suffix }

    /// One piece per token.
    public func decodeChain(_ tokens: [String]) -> [String] {
        guard !suffix.isEmpty else { return tokens }
        return tokens.enumerated().map { k, token in
            token.replacing(suffix, with: k == tokens.count - 1 ? "" : " ")
        }
    }

    /// `{"type": "BPEDecoder", "suffix": ...}`.
    public var json: JSON { .object([("type", .string("BPEDecoder")), ("suffix", .string(suffix))]) }
}

extension BPEDecoder {
    /// Reads `{"type": "BPEDecoder", "suffix"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(suffix: try f.optionalString("suffix") ?? "</w>")
    }
}
