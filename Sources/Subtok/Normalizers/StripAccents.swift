/// Removes combining marks (categories Mn, Mc, Me) without decomposing first, as `tokenizers`'
/// `StripAccents` does (put NFD before it to strip precomposed accents). O(n).
public struct StripAccents: Normalizer {
    /// Creates the normalizer.
    public init() {}

    /// Removes the marks.
    public func normalize(_ text: inout NormalizedString) {
        if text.bytes.allSatisfy({ $0 < 0x80 }) { return }
        let classes = CharacterClasses.shared
        text.mapScalars { c, out in if !CharacterClasses.isMark(category: classes.category(c)) { out.append(c) } }
    }

    /// `{"type": "StripAccents"}`.
    public var json: JSON { .object([("type", .string("StripAccents"))]) }
}

extension StripAccents {
    /// Reads `{"type": "StripAccents"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
