/// Standard base64 (RFC 4648, with padding) decoding.
enum Base64 {
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (k, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = Int8(k)
        }
        return table
    }()

    /// The base64 text of `bytes`, with padding.
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = 0
            for k in 0..<3 { v = v << 8 | (k < n ? Int(bytes[i + k]) : 0) }
            for k in 0..<4 { out.append(k <= n ? alphabet[(v >> (18 - 6 * k)) & 63] : UInt8(ascii: "=")) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `b` may appear in base64 text (the alphabet and the padding `=`).
    static func isAlphabetByte(_ b: UInt8) -> Bool { values[Int(b)] >= 0 || b == UInt8(ascii: "=") }

    /// The decoded bytes, or nil for invalid input.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3)
        var i = 0
        while i < text.count {
            var quad = [Int](repeating: 0, count: 4)
            var padding = 0
            for k in 0..<4 {
                let c = text[i + k]
                if c == UInt8(ascii: "=") {
                    guard i + 4 == text.count, k >= 2 else { return nil }
                    padding += 1
                } else {
                    guard padding == 0 else { return nil }
                    let v = values[Int(c)]
                    guard v >= 0 else { return nil }
                    quad[k] = Int(v)
                }
            }
            let n = quad[0] << 18 | quad[1] << 12 | quad[2] << 6 | quad[3]
            out.append(UInt8(n >> 16))
            if padding < 2 { out.append(UInt8((n >> 8) & 0xFF)) }
            if padding < 1 { out.append(UInt8(n & 0xFF)) }
            i += 4
        }
        return out
    }
}
