/// Puts a string before non-empty text, aligned to its first character (`"type": "Prepend"`).
public struct Prepend: Normalizer {
    /// The text to put first.
    public var prefix: String

    /// Creates the normalizer.
    public init(prefix: String) { self.prefix = prefix }

    /// Prepends to `text`. O(n).
    public func normalize(_ text: inout NormalizedString) {
        guard text.count > 0 else { return }
        let count = text.count
        text.rebuild { b in
            b.insert(Array(prefix.utf8), alignedTo: 0)
            b.keep(0, count)
        }
    }

    /// `{"type": "Prepend", "prepend": ...}`.
    public var json: JSON { .object([("type", .string("Prepend")), ("prepend", .string(prefix))]) }
}

extension Prepend {
    /// Reads `{"type": "Prepend", "prepend": text}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(prefix: try f.string("prepend"))
    }
}
