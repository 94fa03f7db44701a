/// SentencePiece's NMT clean-up (`"type": "Nmt"`): removes the control characters U+0001–0008,
/// U+000B, U+000E–001F, U+007F, U+008F, U+009F, and makes tab, line feed, form feed, carriage
/// return, U+1680, U+200B–200F, U+2028, U+2029, U+2581, U+FEFF and U+FFFD a space, each
/// character aligned to the one it came from. O(n).
public struct Nmt: Normalizer {
    /// Creates the normalizer.
    public init() {}

    /// Cleans `text`.
    public func normalize(_ text: inout NormalizedString) {
        text.mapScalars { c, out in
            switch c {
            case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x8F, 0x9F: break
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B...0x200F, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD:
                out.append(0x20)
            default: out.append(c)
            }
        }
    }

    /// `{"type": "Nmt"}`.
    public var json: JSON { .object([("type", .string("Nmt"))]) }
}

extension Nmt {
    /// Reads `{"type": "Nmt"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
