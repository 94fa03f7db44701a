/// Where SentencePiece-escaped text (spaces as U+2581 `▁`) falls apart into words that a model
/// can segment independently. When no piece holds a `▁` after another character (pieces look
/// like `▁*[^▁]*`, SentencePiece's default), no piece can span a `▁` that follows another
/// character, so the text splits before each such `▁`; with `treat_whitespace_as_suffix`
/// (pieces `[^▁]*▁*`) it splits after each run of `▁`. BPE merging word by word gives exactly
/// the merges of the whole text (a merge inside one word never changes a pair in another), and
/// every Unigram segmentation of the text is one of each word joined.
enum WhitespaceWords: Sendable {
    /// Pieces are `▁*[^▁]*`: words start at each run of `▁`.
    case beforeWhitespace
    /// Pieces are `[^▁]*▁*`: words end after each run of `▁`.
    case afterWhitespace

    /// The split that `pieces` (the texts merges can produce) allow, or nil when some piece has
    /// `▁` on both sides of another character. O(total piece bytes).
    static func allowed(by pieces: [[UInt8]]) -> WhitespaceWords? {
        var prefixStyle = true
        var suffixStyle = true
        for piece in pieces {
            // The piece as runs: true for ▁, false for other characters.
            var runs: [Bool] = []
            var i = 0
            while i < piece.count {
                let space = Self.isSpace(piece, i)
                if runs.last != space { runs.append(space) }
                i += space ? 3 : UTF8Bytes.sequenceLength(lead: piece[i])
            }
            if runs.count > 2 || (runs.count == 2 && !runs[0]) { prefixStyle = false }
            if runs.count > 2 || (runs.count == 2 && runs[0]) { suffixStyle = false }
        }
        return prefixStyle ? .beforeWhitespace : suffixStyle ? .afterWhitespace : nil
    }

    /// The first position at or after `from` holding 0xE2 (the lead byte of `▁`), or `n`:
    /// eight bytes per step, the first zero byte of `word ^ 0xE2…` (`ByteLanes.below`).
    @inline(__always)
    private static func nextSpaceLead(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        var i = from
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let x =
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ (0xE2 &* ByteLanes.ones)
            let zeros = ByteLanes.below(x, 1)
            if zeros != 0 { return i + zeros.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < n && p[i] != 0xE2 { i += 1 }
        return i
    }

    private static func isSpace(_ bytes: [UInt8], _ i: Int) -> Bool {
        i + 2 < bytes.count && bytes[i] == 0xE2 && bytes[i + 1] == 0x96 && bytes[i + 2] == 0x81
    }

    /// Calls `body(from, to)` for each word of `p[0 ..< n]`, in order; the words cover the text.
    /// One pass over the bytes, eight at a time between `▁`s.
    @inline(__always)
    func forEachWord(_ p: UnsafePointer<UInt8>, _ n: Int, _ body: (Int, Int) -> Void) {
        var wordStart = 0
        var runEnd = -1
        var i = 0
        while true {
            i = Self.nextSpaceLead(p, i, n)
            guard i + 2 < n else { break }
            guard p[i + 1] == 0x96, p[i + 2] == 0x81 else { i += 1; continue }
            if i != runEnd {
                let cut = self == .beforeWhitespace ? i : runEnd
                if cut > wordStart {
                    body(wordStart, cut)
                    wordStart = cut
                }
            }
            i += 3
            runEnd = i
        }
        if self == .afterWhitespace, runEnd > wordStart, runEnd < n {
            body(wordStart, runEnd)
            wordStart = runEnd
        }
        if n > wordStart { body(wordStart, n) }
    }
}
