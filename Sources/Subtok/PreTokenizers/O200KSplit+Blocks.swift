extension O200KSplit {
    /// The piece ends inside `block`, a piece's start (bit 0) and the bytes after it, for the
    /// o200k and tekken patterns, as bits (bit j: a piece ends before byte j; bit 0 never set),
    /// and whether every piece end before the block's last byte is among them. O(1), plus O(1)
    /// per contraction, per number longer than `numberRunLimit` and per blank stretch between
    /// two line breaks.
    ///
    /// A piece starts at byte j > 0 when its class (letter, digit, white, other) differs from
    /// byte j - 1's, and at an upper-case letter after a lower-case one (a letter run is words
    /// of `[A-Z]*[a-z]*`), except that
    /// - letters take the byte before them when it starts a piece and is a blank (white, not a
    ///   line break) or an other with no space and no other before it (slashes taken by the
    ///   piece before do not count) and not itself taken (`[^\r\n\p{L}\p{N}]?`);
    /// - a space takes the others after it (` ?[^\s\p{L}\p{N}]+`), and others take the line
    ///   breaks and slashes right after them (`[\r\n/]*`);
    /// - white space ends as in the cl100k family (`ASCIIBlock.whiteSpaceEnds`);
    /// - numbers end every `numberRunLimit` digits from the start of their run;
    /// - with `contractions`, a letter word takes an apostrophe and s, t, m, d, ll, ve or re
    ///   after it, in either case.
    ///
    /// White space that ends the block may go on past it and is left out (the result is then
    /// incomplete), as are the ends from a word whose contraction the block cannot see whole.
    @inline(__always)
    static func blockEnds(
        _ block: ASCIIBlock, _ p: UnsafePointer<UInt8>, contractions: Bool, numberRunLimit: Int
    ) -> (UInt64, Bool) {
        let valid = block.valid
        let letters = block.letters, digits = block.digits, white = block.white, breaks = block.lineBreaks
        let lowercase = letters & ~block.uppercase
        let blanks = white & ~breaks
        let others = ~(letters | digits | white) & valid
        let same = (letters & letters &<< 1) | (digits & digits &<< 1) | (white & white &<< 1) | (others & others &<< 1)
        var cut = (~same | (block.uppercase & lowercase &<< 1)) & valid
        let trailers = breaks | block.slashes
        // Others take the rest of a run of trailers from its first line break after an other:
        // below that break, the run's bits from its bottom, by a carry through them.
        let takers = breaks & others &<< 1
        let untaken = trailers & ~takers
        let bottoms = trailers & ~(trailers &<< 1) & ~takers
        let absorbed = trailers & ~(((untaken &+ bottoms) ^ untaken) & untaken)
        let prefixes = (blanks | (others & ~((others & ~absorbed) &<< 1) & ~(block.spaces &<< 1))) & ~absorbed
        cut &= ~(letters & prefixes &<< 1)
        cut &= ~(others & block.spaces &<< 1)
        cut &= ~absorbed
        cut |= absorbed &<< 1 & ~trailers & valid
        cut |= block.whiteSpaceEnds(afterAbsorbed: absorbed & breaks)
        cut |= block.numberEnds(limit: numberRunLimit)
        let (sure, complete) = block.endsBeforeFinalWhiteSpace(cut)
        guard contractions else { return (sure & ~1, complete) }
        return joiningSuffixContractions(block, sure & ~1, at: p, complete: complete)
    }

    /// `cut` with each apostrophe after a letter that begins a contraction (either case) joined
    /// to the word before it, the word's piece ending after the contraction; and whether the
    /// ends are all there: `complete`, unless such an apostrophe comes within three bytes of
    /// the block's end, where the contraction may reach past it and the ends stop before the
    /// word. O(1) per apostrophe after a letter.
    @inline(__always)
    private static func joiningSuffixContractions(
        _ block: ASCIIBlock, _ cut: UInt64, at p: UnsafePointer<UInt8>, complete: Bool
    ) -> (UInt64, Bool) {
        var cut = cut
        var candidates = block.apostrophes & block.letters &<< 1
        var joinedEnd = -1
        while candidates != 0 {
            let j = candidates.trailingZeroBitCount
            candidates &= candidates &- 1
            // The letter before a joined contraction's end ends that piece, not a word.
            guard j != joinedEnd else { continue }
            guard j &+ 3 < block.count else { return (cut & ((1 &<< UInt64(j)) &- 1), false) }
            let n = ASCIIBlock.contractionLengthIgnoringCase(p + j)
            if n > 0 {
                cut = (cut & ~(((1 &<< UInt64(n)) &- 1) &<< UInt64(j))) | 1 &<< UInt64(j &+ n)
                joinedEnd = j &+ n
            }
        }
        return (cut, complete)
    }
}
