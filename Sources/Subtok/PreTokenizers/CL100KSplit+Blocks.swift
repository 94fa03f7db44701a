extension CL100KSplit {
    /// The piece ends inside `block`, a piece's start (bit 0) and the bytes after it, for the
    /// cl100k family, as bits (bit j: a piece ends before byte j; bit 0 never set), and whether
    /// every piece end before the block's last byte is among them. O(1), plus O(1) per
    /// contraction, per number longer than `numberRunLimit` and per blank stretch between two
    /// line breaks.
    ///
    /// A piece starts at byte j > 0 when its class (letter, digit, white, other) differs from
    /// byte j - 1's, except that
    /// - letters take the byte before them when it starts a piece and is a blank (white, not a
    ///   line break) or an other alone in its run with no space before it
    ///   (`[^\r\n\p{L}\p{N}]?\p{L}+`);
    /// - a space takes the others after it (` ?[^\s\p{L}\p{N}]+`), and others take the line
    ///   breaks right after them (`[\r\n]*`);
    /// - white space also ends after the last line break of its run (`\s*[\r\n]`) and before its
    ///   last blank when two or more blanks end the run before a non-white byte (`\s+(?!\S)`);
    /// - numbers end every `numberRunLimit` digits from the start of their run;
    /// - an apostrophe that starts a piece, followed by s, t, m, d, ll, ve or re in either case,
    ///   is that contraction.
    ///
    /// White space that ends the block may go on past it, and the run decides its pieces at its
    /// end: the ends inside it are left out (the result is then incomplete), as are those after
    /// a contraction the block cannot see whole.
    @inline(__always)
    static func blockEnds(_ block: ASCIIBlock, _ p: UnsafePointer<UInt8>, numberRunLimit: Int?) -> (UInt64, Bool) {
        let valid = block.valid
        let letters = block.letters, digits = block.digits, white = block.white, breaks = block.lineBreaks
        let spaces = block.spaces
        let blanks = white & ~breaks
        let others = ~(letters | digits | white) & valid
        let same = (letters & letters &<< 1) | (digits & digits &<< 1) | (white & white &<< 1) | (others & others &<< 1)
        var cut = ~same & valid
        let prefixes = blanks | (others & ~(others &<< 1) & ~(spaces &<< 1))
        cut &= ~(letters & prefixes &<< 1)
        cut &= ~(others & spaces &<< 1)
        let absorbed = ((breaks &+ (breaks & others &<< 1)) ^ breaks) & breaks
        cut &= ~absorbed
        var afterBreaks = breaks &<< 1 & blanks
        var stale = (blanks &+ afterBreaks) & breaks
        while stale != 0 {
            // The blanks after a line break run into another one: the run goes on.
            let below = afterBreaks & ((1 &<< UInt64(stale.trailingZeroBitCount)) &- 1)
            afterBreaks &= ~(1 &<< UInt64(63 &- below.leadingZeroBitCount))
            stale &= stale &- 1
        }
        cut |= afterBreaks | (absorbed &<< 1 & blanks) | (blanks & blanks &<< 1 & ~(white &>> 1))
        if let limit = numberRunLimit {
            cut |= numberEnds(digits, limit: limit)
        }
        var complete = true
        if white & (1 &<< UInt64(block.count &- 1)) != 0 {
            let lastStart = 64 &- (~white & valid).leadingZeroBitCount
            cut &= (2 &<< UInt64(lastStart)) &- 1
            complete = false
        }
        cut &= ~1
        return block.joiningContractions(cut, at: p, complete: complete, length: contractionLength)
    }

    /// The ends inside runs of digits (bits of `digits`) that `\p{N}{1,limit}` makes: every
    /// `limit` digits from the start of a run. O(1) per end.
    @inline(__always)
    static func numberEnds(_ digits: UInt64, limit: Int) -> UInt64 {
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
    static func contractionLength(_ p: UnsafePointer<UInt8>) -> Int {
        let c = p[1] | 0x20
        if c == 0x73 || c == 0x74 || c == 0x6D || c == 0x64 { return 2 }
        let d = p[2] | 0x20
        if (c == 0x72 && d == 0x65) || (c == 0x76 && d == 0x65) || (c == 0x6C && d == 0x6C) { return 3 }
        return 0
    }
}
