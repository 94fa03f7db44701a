/// Several normalizers applied in order (`"type": "Sequence"`).
public struct NormalizerSequence: Normalizer {
    /// The normalizers, applied first to last.
    public var members: [any Normalizer]

    /// Creates the sequence.
    public init(_ members: [any Normalizer]) { self.members = members }

    /// Applies each member in turn.
    public func normalize(_ text: inout NormalizedString) {
        for member in members { member.normalize(&text) }
    }

    /// Each member's `normalizedBytes` in turn; nil when a member has none. O(n) per member.
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var bytes = Array(text)
        for member in members {
            guard let next = bytes.withUnsafeBufferPointer({ member.normalizedBytes($0) }) else { return nil }
            bytes = next
        }
        return bytes
    }

    /// True when every member leaves `text` as it is. O(n) per member.
    public func leavesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        members.allSatisfy { $0.leavesUnchanged(text) }
    }

    /// `{"type": "Sequence", "normalizers": [...]}`.
    public var json: JSON { .object([("type", .string("Sequence")), ("normalizers", .array(members.map(\.json)))]) }
}

extension NormalizerSequence {
    /// Reads `{"type": "Sequence", "normalizers": [...]}`, each member through the registry. O(1) but for what the
    /// fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            try f.members("normalizers") { v, path throws(SubtokError) in
                try TokenizerJSON.readNormalizer(v, path: path)
            })
    }
}
