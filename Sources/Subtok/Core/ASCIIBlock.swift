/// The classes of up to 64 consecutive ASCII bytes as bit masks (bit j for byte j), for the
/// scanners that decide piece boundaries 64 bytes at a time instead of byte by byte. Built
/// eight bytes per 64-bit word (SWAR: `ByteLanes`), so it runs the same on every CPU. O(1) per
/// block: about three operations per byte.
struct ASCIIBlock {
    /// How many bytes the block holds: 64, or fewer where the text ends or a byte that is not
    /// ASCII comes first. Every mask is zero from bit `count` on.
    let count: Int
    /// A–Z and a–z.
    let letters: UInt64
    /// 0–9.
    let digits: UInt64
    /// White space: tab, line feed, vertical tab, form feed, carriage return and space.
    let white: UInt64
    /// The space (U+0020) and the apostrophe (U+0027), told apart by `white`.
    let spacesAndApostrophes: UInt64
    /// Line feed and carriage return.
    let lineBreaks: UInt64

    /// The bits of the bytes in the block.
    var valid: UInt64 { count == 64 ? ~0 : (1 &<< UInt64(count)) &- 1 }
    /// The spaces (U+0020).
    var spaces: UInt64 { spacesAndApostrophes & white }
    /// The apostrophes (U+0027).
    var apostrophes: UInt64 { spacesAndApostrophes & ~white }

    /// The block of the bytes at `p`, of which `available` (at least 1) may be read: up to 64,
    /// ending before the first byte of 0x80 or above. Reads 64 bytes in place when that many
    /// are available, else copies the bytes to a zeroed stack buffer.
    @inline(__always)
    init(_ p: UnsafePointer<UInt8>, available: Int) {
        if available >= 64 {
            self.init(words: UnsafeRawPointer(p), limit: 64)
        } else {
            self = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 8) { buffer in
                let words = buffer.baseAddress!
                words.initialize(repeating: 0, count: 8)
                UnsafeMutableRawPointer(words).copyMemory(from: p, byteCount: available)
                return ASCIIBlock(words: UnsafeRawPointer(words), limit: available)
            }
        }
    }

    /// The block of the first `limit` bytes at `raw` (64 readable), cut at the first byte that
    /// is not ASCII. Straight-line code: all eight words are classified, then cut.
    @inline(__always)
    private init(words raw: UnsafeRawPointer, limit: Int) {
        var letters: UInt64 = 0, digits: UInt64 = 0, white: UInt64 = 0, marks: UInt64 = 0, breaks: UInt64 = 0, others: UInt64 = 0
        for k in 0..<8 {
            let x = raw.loadUnaligned(fromByteOffset: 8 &* k, as: UInt64.self)
            let shift = UInt64(8 &* k)
            letters |= Self.packed(ByteLanes.asciiLetters(x)) &<< shift
            digits |= Self.packed(Self.between(x, 0x30, 0x3A)) &<< shift
            let space = Self.between(x, 0x20, 0x21)
            white |= Self.packed(Self.between(x, 0x09, 0x0E) | space) &<< shift
            marks |= Self.packed(space | Self.between(x, 0x27, 0x28)) &<< shift
            breaks |= Self.packed(Self.between(x, 0x0A, 0x0B) | Self.between(x, 0x0D, 0x0E)) &<< shift
            others |= Self.packed(x & ByteLanes.high) &<< shift
        }
        let count = min(limit, others.trailingZeroBitCount)
        self.count = count
        let valid = count == 64 ? ~UInt64(0) : (1 &<< UInt64(count)) &- 1
        self.letters = letters & valid
        self.digits = digits & valid
        self.white = white & valid
        self.spacesAndApostrophes = marks & valid
        self.lineBreaks = breaks & valid
    }

    /// The high bit of each byte of `x` in `lower ..< upper` (1 ≤ lower < upper ≤ 0x80), for
    /// bytes below 0x80 (others may be marked too): two additions that carry into the high bit
    /// from `lower` and from `upper`, no byte carrying into the next.
    @inline(__always)
    private static func between(_ x: UInt64, _ lower: UInt64, _ upper: UInt64) -> UInt64 {
        let low = x & ~ByteLanes.high
        return (low &+ (0x80 &- lower) &* ByteLanes.ones) & ~(low &+ (0x80 &- upper) &* ByteLanes.ones) & ByteLanes.high
    }

    /// The high bits of the eight bytes of `m` as the low eight bits (byte k → bit k): three
    /// shifts that fold pairs, quads and halves together (shifts, not a multiplication, so that
    /// the compiler's vector form of the block stays cheap).
    @inline(__always)
    private static func packed(_ m: UInt64) -> UInt64 {
        var x = m &>> 7
        x |= x &>> 7
        x |= x &>> 14
        x |= x &>> 28
        return x & 0xFF
    }
}
