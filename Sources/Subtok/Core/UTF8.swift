/// UTF-8 helpers shared by the scanners: validation, decoding and character boundaries.
/// Every function works on raw bytes and never reads outside the given buffer.
enum UTF8Bytes {
    /// The length of the sequence a lead byte starts (1 for ASCII and for stray continuation bytes).
    @inline(__always)
    static func sequenceLength(lead b: UInt8) -> Int {
        if b < 0xC0 { return 1 }
        if b < 0xE0 { return 2 }
        if b < 0xF0 { return 3 }
        return 4
    }

    /// Decodes the scalar starting at `i` of valid UTF-8 `p[..<end]`; returns it and its length.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < end {
            return (((b0 & 0x1F) << 6) | (UInt32(p[i + 1]) & 0x3F), 2)
        }
        if b0 < 0xF0, i + 2 < end {
            return (((b0 & 0x0F) << 12) | ((UInt32(p[i + 1]) & 0x3F) << 6) | (UInt32(p[i + 2]) & 0x3F), 3)
        }
        if i + 3 < end {
            return (
                ((b0 & 0x07) << 18) | ((UInt32(p[i + 1]) & 0x3F) << 12)
                    | ((UInt32(p[i + 2]) & 0x3F) << 6) | (UInt32(p[i + 3]) & 0x3F), 4
            )
        }
        return (0xFFFD, 1)
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, or nil when
    /// the whole buffer is valid. O(n); ASCII runs are checked 32 and 8 bytes at a time, and an
    /// ASCII tail by its last 8 bytes.
    static func firstInvalidOffset(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let n = buffer.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i < n {
            if i + 32 <= n {
                let word =
                    raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if word & ByteLanes.high == 0 { i += 32; continue }
            }
            if i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & ByteLanes.high == 0 { i += 8; continue }
            } else if n >= 8, raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) & ByteLanes.high == 0 {
                return nil
            }
            // Characters one by one until an ASCII byte, which sends the loop back to the word tests
            // (so text without ASCII, such as Japanese, is not tested a word at a time per character).
            while i < n {
                let b0 = base[i]
                if b0 < 0x80 {
                    i += 1
                    break
                }
                // A three-byte character that needs no range check past the continuation bits
                // (lead E1 to EF but ED: most of CJK) in one test.
                if b0 &- 0xE1 < 0x0F, b0 != 0xED, i + 2 < n {
                    guard base[i + 1] & 0xC0 == 0x80, base[i + 2] & 0xC0 == 0x80 else { return i }
                    i += 3
                    continue
                }
                let need: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch b0 {
                case 0xC2...0xDF: need = 1
                case 0xE0: need = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: need = 2
                case 0xED: need = 2; upper = 0x9F
                case 0xF0: need = 3; lower = 0x90
                case 0xF1...0xF3: need = 3
                case 0xF4: need = 3; upper = 0x8F
                default: return i
                }
                if i + need >= n { return i }
                let b1 = base[i + 1]
                if b1 < lower || b1 > upper { return i }
                if need >= 2 { let b = base[i + 2]; if b & 0xC0 != 0x80 { return i } }
                if need == 3 { let b = base[i + 3]; if b & 0xC0 != 0x80 { return i } }
                i += need + 1
            }
        }
        return nil
    }

    /// Appends the UTF-8 encoding of scalar `c` (U+FFFD for values that are not scalars).
    @inline(__always)
    static func append(_ c: UInt32, to out: inout [UInt8]) {
        switch c {
        case 0..<0x80: out.append(UInt8(c))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (c >> 6))); out.append(UInt8(0x80 | (c & 0x3F)))
        case 0x800..<0xD800, 0xE000..<0x10000:
            out.append(UInt8(0xE0 | (c >> 12))); out.append(UInt8(0x80 | ((c >> 6) & 0x3F)));
            out.append(UInt8(0x80 | (c & 0x3F)))
        case 0x10000..<0x110000:
            out.append(UInt8(0xF0 | (c >> 18))); out.append(UInt8(0x80 | ((c >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((c >> 6) & 0x3F))); out.append(UInt8(0x80 | (c & 0x3F)))
        default: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
        }
    }

    /// True when `b` is a UTF-8 continuation byte (10xxxxxx).
    @inline(__always)
    static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
}
