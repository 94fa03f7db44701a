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

    /// True when every member leaves `text` as it is. O(n) per member.
    public func leavesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        members.allSatisfy { $0.leavesUnchanged(text) }
    }

    /// `{"type": "Sequence", "normalizers": [...]}`.
    public var json: JSON { .object([("type", .string("Sequence")), ("normalizers", .array(members.map(\.json)))]) }
}
