/// Turns runs of `<0xNN>` tokens into the text their bytes spell, or one U+FFFD per byte when
/// they are not valid UTF-8 (`"type": "ByteFallback"`, as `tokenizers`).
public struct ByteFallbackDecoder: Decoder {
    /// Creates the decoder.
    public init() {}

    /// The byte of a `<0xNN>` token, or nil.
    static func byte(of token: String) -> UInt8? {
        let b = Array(token.utf8)
        guard b.count == 6, b[0] == 0x3C, b[1] == 0x30, b[2] == 0x78, b[5] == 0x3E else { return nil }
        return UInt8(String(decoding: b[3...4], as: UTF8.self), radix: 16)
    }

    /// One piece per token or per run of byte tokens.
    public func decodeChain(_ tokens: [String]) -> [String] {
        var out: [String] = []
        var pending: [UInt8] = []
        func flush() {
            guard !pending.isEmpty else { return }
            if pending.withUnsafeBufferPointer({ UTF8Bytes.firstInvalidOffset($0) }) == nil {
                out.append(String(decoding: pending, as: UTF8.self))
            } else {
                out.append(contentsOf: repeatElement("\u{FFFD}", count: pending.count))
            }
            pending.removeAll()
        }
        for token in tokens {
            if let b = Self.byte(of: token) { pending.append(b); continue }
            flush()
            out.append(token)
        }
        flush()
        return out
    }

    /// `{"type": "ByteFallback"}`.
    public var json: JSON { .object([("type", .string("ByteFallback"))]) }
}

extension ByteFallbackDecoder {
    /// Reads `{"type": "ByteFallback"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
