/// Runs that several block scanners cut alike: white space, numbers, contractions.
extension ASCIIBlock {
    /// The piece ends that white space makes in this block under `\s*[\r\n]+ | \s+(?!\S) | \s+`
    /// (and cl100k's `\s*[\r\n] | \s+(?!\S) | \s`, which cuts the same inside a block): after
    /// the last line break of a run (a short loop for blank stretches between two breaks),
    /// after line breaks in `absorbed` (taken by the piece before them) where blanks follow, and
    /// before the last blank when two or more blanks end a run before a non-white byte. O(1),
    /// plus O(1) per blank stretch between two line breaks.
    @inline(__always)
    func whiteSpaceEnds(afterAbsorbed absorbed: UInt64) -> UInt64 {
        let blanks = white & ~lineBreaks
        var afterBreaks = lineBreaks &<< 1 & blanks
        var stale = (blanks &+ afterBreaks) & lineBreaks
        while stale != 0 {
            // The blanks after a line break run into another one: the run goes on.
            let below = afterBreaks & ((1 &<< UInt64(stale.trailingZeroBitCount)) &- 1)
            afterBreaks &= ~(1 &<< UInt64(63 &- below.leadingZeroBitCount))
            stale &= stale &- 1
        }
        return afterBreaks | (absorbed &<< 1 & blanks) | (blanks & blanks &<< 1 & ~(white &>> 1))
    }

    /// `cut` without the ends inside white space that ends the block, and whether it still
    /// holds every piece end before the block's last byte: such a run may go on past the block,
    /// and the run decides its pieces at its end. O(1).
    @inline(__always)
    func endsBeforeFinalWhiteSpace(_ cut: UInt64) -> (UInt64, Bool) {
        guard white & (1 &<< UInt64(count &- 1)) != 0 else { return (cut, true) }
        let lastStart = 64 &- (~white & valid).leadingZeroBitCount
        return (cut & ((2 &<< UInt64(lastStart)) &- 1), false)
    }

    /// The ends inside runs of digits that `\p{N}{1,limit}` makes: every `limit` digits from
    /// the start of a run. O(1) per end.
    @inline(__always)
    func numberEnds(limit: Int) -> UInt64 {
        if limit == 1 { return digits }
        var deep = digits
        for _ in 0..<limit { deep &= deep &<< 1 }
        var ends: UInt64 = 0
        while deep != 0 {
            let j = deep.trailingZeroBitCount
            ends |= 1 &<< UInt64(j)
            guard j &+ limit < 64 else { break }
            deep &= ~((1 &<< UInt64(j &+ limit)) &- 1)
        }
        return ends
    }

    /// The length of the contraction at `p` (an apostrophe with two bytes after it), in either
    /// case: 2 for 's 't 'm 'd, 3 for 're 've 'll, else 0.
    @inline(__always)
    static func contractionLengthIgnoringCase(_ p: UnsafePointer<UInt8>) -> Int {
        let c = p[1] | 0x20
        if c == 0x73 || c == 0x74 || c == 0x6D || c == 0x64 { return 2 }
        let d = p[2] | 0x20
        if (c == 0x72 && d == 0x65) || (c == 0x76 && d == 0x65) || (c == 0x6C && d == 0x6C) { return 3 }
        return 0
    }
}
