/// The byte-level alphabet as a normalizer (`"type": "ByteLevel"` under `normalizer`): every
/// byte of the text becomes its printable stand-in (GPT-2's table, `ByteLevelAlphabet`), all
/// the stand-ins of a character aligned to that character. O(n).
public struct ByteLevelNormalizer: Normalizer {
    /// Creates the normalizer.
    public init() {}

    /// Rewrites `text` byte by byte.
    public func normalize(_ text: inout NormalizedString) {
        var encoded: [UInt8] = []
        text.mapScalars { c, out in
            encoded.removeAll(keepingCapacity: true)
            UTF8Bytes.append(c, to: &encoded)
            for b in encoded { out.append(ByteLevelAlphabet.scalarOfByte[Int(b)]) }
        }
    }

    /// `{"type": "ByteLevel"}`.
    public var json: JSON { .object([("type", .string("ByteLevel"))]) }
}

extension ByteLevelNormalizer {
    /// Reads `{"type": "ByteLevel"}` (a normalizer). O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
