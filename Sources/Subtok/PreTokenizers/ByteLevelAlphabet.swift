/// GPT-2's byte-to-character alphabet: every byte is shown as a printable character
/// (printable Latin-1 bytes as themselves, the others as U+0100 + n in byte order), so that
/// byte-level vocabularies can be stored as text (`Ġ` is the space byte, `Ċ` the newline).
/// Source: openai/gpt-2 `encoder.py` `bytes_to_unicode`.
public enum ByteLevelAlphabet {
    /// The character (Unicode scalar value) that stands for each byte.
    public static let scalarOfByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var n: UInt32 = 0
        for b in 0..<256 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                table[b] = UInt32(b)
            } else {
                table[b] = 256 + n
                n += 1
            }
        }
        return table
    }()

    /// The byte each alphabet character stands for, indexed by scalar value (0 ..< 324);
    /// -1 for scalars that are not in the alphabet.
    static let byteOfScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 324)
        for (b, s) in scalarOfByte.enumerated() { table[Int(s)] = Int16(b) }
        return table
    }()

    /// The byte a character stands for, or nil when it is not in the alphabet.
    @inline(__always)
    public static func byte(of scalar: Unicode.Scalar) -> UInt8? {
        let v = Int(scalar.value)
        guard v < byteOfScalar.count, byteOfScalar[v] >= 0 else { return nil }
        return UInt8(byteOfScalar[v])
    }

    /// The raw bytes a byte-level token string stands for, or nil when one of its characters is
    /// outside the alphabet. O(length).
    public static func bytes(of token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count)
        for s in token.unicodeScalars {
            guard let b = byte(of: s) else { return nil }
            out.append(b)
        }
        return out
    }

    /// The byte-level token string for raw bytes (each byte as its alphabet character).
    public static func token(of bytes: some Sequence<UInt8>) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(scalarOfByte[Int(b)])!) }
        return String(s)
    }
}
