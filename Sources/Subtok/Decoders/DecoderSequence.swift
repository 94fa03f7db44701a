/// Several decoders, each working on the previous one's pieces (`"type": "Sequence"`).
public struct DecoderSequence: Decoder {
    /// The decoders, first to last.
    public let members: [any Decoder]

    /// Creates the sequence.
    public init(_ members: [any Decoder]) { self.members = members }

    /// Runs each member's chain in turn.
    public func decodeChain(_ tokens: [String]) -> [String] {
        members.reduce(tokens) { $1.decodeChain($0) }
    }

    /// `{"type": "Sequence", "decoders": [...]}`.
    public var json: JSON { .object([("type", .string("Sequence")), ("decoders", .array(members.map(\.json)))]) }
}

extension DecoderSequence {
    /// Reads `{"type": "Sequence", "decoders": [...]}`, each member through the registry. O(1) but for what the fields
    /// hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            try f.members("decoders") { v, path throws(SubtokError) in try TokenizerJSON.readDecoder(v, path: path) })
    }
}
