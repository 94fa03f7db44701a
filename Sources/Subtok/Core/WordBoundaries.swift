/// Where a text falls apart into words that a model segments independently (the merges of
/// the whole text are those of each word on its own): `WhitespaceWords`, and
/// `SegmentedWords`, which also cuts long words where no piece spans two characters.
protocol WordBoundaries: Sendable {
    /// Calls `body(from, to)` for each word of `p[0 ..< n]`, in order; the words cover the text.
    func forEachWord(_ p: UnsafePointer<UInt8>, _ n: Int, _ body: (Int, Int) -> Void)
}

extension WhitespaceWords: WordBoundaries {}
