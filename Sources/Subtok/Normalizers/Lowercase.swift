/// Full Unicode lowercasing (`"type": "Lowercase"`); ASCII text is rewritten in place. O(n).
public struct Lowercase: Normalizer {
    /// Creates the normalizer.
    public init() {}

    /// Lowercases `text`.
    public func normalize(_ text: inout NormalizedString) {
        if text.bytes.allSatisfy({ $0 < 0x80 }) {
            text.mapASCIIInPlace { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            return
        }
        text.mapScalars { c, out in CaseAndDecomposition.appendLowercase(of: c, to: &out) }
    }

    /// `{"type": "Lowercase"}`.
    public var json: JSON { .object([("type", .string("Lowercase"))]) }
}

extension Lowercase {
    /// Reads `{"type": "Lowercase"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
