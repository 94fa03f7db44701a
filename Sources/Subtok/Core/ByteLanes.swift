/// Eight bytes held in a 64-bit word and tested all at once (SWAR), for the scans that skip
/// over runs of ordinary bytes. O(1) per word.
enum ByteLanes {
    /// 0x01 in every byte.
    static let ones: UInt64 = 0x0101_0101_0101_0101
    /// The high bit of every byte.
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Nonzero exactly when some byte of `x` is below `bound` (at most 0x80), by the borrow
    /// trick. Its lowest set bit is the high bit of the first such byte (in memory order, read
    /// little-endian); higher bits may be false.
    @inline(__always)
    static func below(_ x: UInt64, _ bound: UInt64) -> UInt64 { (x &- bound &* ones) & ~x & high }

    /// Nonzero exactly when some byte of `x` equals `byte`. Its lowest set bit is the high bit
    /// of the first such byte (in memory order, read little-endian); higher bits may be false.
    @inline(__always)
    static func equal(_ x: UInt64, _ byte: UInt8) -> UInt64 { below(x ^ (UInt64(byte) &* ones), 1) }

    /// The high bit of each byte of `x` that equals `byte`, exactly (no bit is false): the
    /// bytes XORed with `byte`, then each one's low seven bits carried into its high bit.
    @inline(__always)
    static func equalLanes(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let v = x ^ (UInt64(byte) &* ones)
        return ~(((v & ~high) &+ ~high) | v) & high
    }

    /// Nonzero exactly when some byte of `x` is above 0x7E (DEL or not ASCII), by the carry trick.
    @inline(__always)
    static func aboveTilde(_ x: UInt64) -> UInt64 { ((x &+ ones) | x) & high }

    /// The high bit of each byte of `x` that is an ASCII letter (A–Z, a–z), exactly: the letters
    /// folded to lower case, then two additions that carry into a byte's high bit from `a` and
    /// from past `z` (no byte carries into the next).
    @inline(__always)
    static func asciiLetters(_ x: UInt64) -> UInt64 {
        let folded = (x | 0x2020_2020_2020_2020) & ~high
        let atLeastA = folded &+ 0x1F1F_1F1F_1F1F_1F1F
        let pastZ = folded &+ 0x0505_0505_0505_0505
        return atLeastA & ~pastZ & ~x & high
    }

    /// Whether `b` is an ASCII letter.
    @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    /// The high bit of each byte of `x` that is a lower-case ASCII letter (a–z), exactly.
    @inline(__always)
    static func asciiLowercase(_ x: UInt64) -> UInt64 {
        let low = x & ~high
        return (low &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(low &+ 0x0505_0505_0505_0505) & ~x & high
    }

    /// Whether `b` is a lower-case ASCII letter.
    @inline(__always)
    static func isASCIILowercase(_ b: UInt8) -> Bool { b &- 0x61 < 26 }

    /// The index of the first byte of `p[i ..< end]` that is not an ASCII letter (`end` when all
    /// are), eight bytes at a time. O(run length / 8).
    @inline(__always)
    static func asciiLetterRunEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        runEnd(p, i, end, asciiLetters, isASCIILetter)
    }

    /// The index of the first byte of `p[i ..< end]` that is not a lower-case ASCII letter.
    @inline(__always)
    static func asciiLowercaseRunEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        runEnd(p, i, end, asciiLowercase, isASCIILowercase)
    }

    /// The index of the first byte of `p[i ..< end]` that is not printable ASCII (space to
    /// tilde; `end` when all are), eight bytes at a time. O(run length / 8).
    @inline(__always)
    static func printableRunEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        runEnd(p, i, end, { ~(below($0, 0x20) | aboveTilde($0)) }, { $0 &- 0x20 < 0x5F })
    }

    /// The index of the first byte of `p[i ..< end]` that is not ASCII (`end` when all are),
    /// eight bytes at a time. O(run length / 8).
    @inline(__always)
    static func asciiRunEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        runEnd(p, i, end, { ~$0 & high }, { $0 < 0x80 })
    }

    /// The index of the first space (0x20) in `p[i ..< end]` (`end` when none is), eight bytes
    /// at a time. O(distance / 8).
    @inline(__always)
    static func spaceRunEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        runEnd(p, i, end, { ~equal($0, 0x20) & high }, { $0 != 0x20 })
    }

    /// The first index of `p[i ..< end]` whose byte `lanes` does not mark (`test` for the last
    /// bytes, fewer than eight).
    @inline(__always)
    private static func runEnd(
        _ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, _ lanes: (UInt64) -> UInt64,
        _ test: (UInt8) -> Bool
    ) -> Int {
        var j = i
        while j + 8 <= end {
            let others = ~lanes(UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)) & high
            if others != 0 { return j + others.trailingZeroBitCount >> 3 }
            j += 8
        }
        while j < end, test(p[j]) { j += 1 }
        return j
    }
}
