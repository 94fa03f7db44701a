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
        cut |= block.whiteSpaceEnds(afterAbsorbed: absorbed)
        if let limit = numberRunLimit {
            cut |= block.numberEnds(limit: limit)
        }
        let (sure, complete) = block.endsBeforeFinalWhiteSpace(cut)
        return block.joiningContractions(
            sure & ~1, at: p, complete: complete, length: ASCIIBlock.contractionLengthIgnoringCase)
    }
}
