import CSubtokShim

/// The classes of up to 64 consecutive ASCII bytes as bit masks (bit j for byte j), for the
/// scanners that decide piece boundaries 64 bytes at a time instead of byte by byte. Built by
/// `stshim_ascii_classes` (SSE2 compares and movemasks, 16 bytes a step, on x86-64). O(1) per
/// block: under two instructions per byte.
struct ASCIIBlock {
    /// How many bytes the block holds: 64, or fewer where the text ends or a byte that is not
    /// ASCII comes first. Every mask is zero from bit `count` on.
    let count: Int
    /// A–Z and a–z.
    let letters: UInt64
    /// A–Z.
    let uppercase: UInt64
    /// 0–9.
    let digits: UInt64
    /// White space: tab, line feed, vertical tab, form feed, carriage return and space.
    let white: UInt64
    /// The space (U+0020) and the apostrophe (U+0027), told apart by `white`.
    let spacesAndApostrophes: UInt64
    /// Line feed and carriage return.
    let lineBreaks: UInt64
    /// The slash (U+002F).
    let slashes: UInt64

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
    /// is not ASCII.
    @inline(__always)
    private init(words raw: UnsafeRawPointer, limit: Int) {
        let masks = stshim_ascii_classes(raw.assumingMemoryBound(to: UInt8.self))
        let count = min(limit, masks.high.trailingZeroBitCount)
        self.count = count
        let valid = count == 64 ? ~UInt64(0) : (1 &<< UInt64(count)) &- 1
        self.letters = masks.letters & valid
        self.uppercase = masks.uppercase & valid
        self.digits = masks.digits & valid
        self.white = masks.white & valid
        self.spacesAndApostrophes = masks.spaces_and_apostrophes & valid
        self.lineBreaks = masks.line_breaks & valid
        self.slashes = masks.slashes & valid
    }
}
