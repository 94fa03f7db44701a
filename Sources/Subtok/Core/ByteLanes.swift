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

    /// Nonzero exactly when some byte of `x` is above 0x7E (DEL or not ASCII), by the carry trick.
    @inline(__always)
    static func aboveTilde(_ x: UInt64) -> UInt64 { ((x &+ ones) | x) & high }
}
