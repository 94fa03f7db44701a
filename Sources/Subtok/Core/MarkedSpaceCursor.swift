/// Walks a text and its rewrite in step, where the rewrite is the text with each space written
/// as a mark of `markBytes` bytes and `prefixBytes` bytes put in front (Metaspace's replacement,
/// SentencePiece's escaped spaces and dummy prefix): maps token ranges of the rewrite back to
/// byte ranges of whole characters of the text, as the alignment the general path builds does
/// (a mark covers its space, the prefix covers `prefixRange`, every other byte is the text's
/// own). Offsets come in order, so the cursor passes over the text once, from space to space
/// (found eight bytes a step). O(n + offsets).
struct MarkedSpaceCursor {
    private let text: UnsafeBufferPointer<UInt8>
    private let t: UnsafePointer<UInt8>
    private let n: Int
    private let m: Int
    private let prefixBytes: Int
    private let prefixRange: TokenOffset
    /// Original byte `i` is rewritten byte `j`; `run` is the first space at or after `i`.
    private var i = 0
    private var j: Int
    private var run: Int

    /// A cursor at the start of a non-empty `text`.
    init(_ text: UnsafeBufferPointer<UInt8>, markBytes: Int, prefixBytes: Int, prefixRange: TokenOffset) {
        self.text = text
        t = text.baseAddress!
        n = text.count
        m = markBytes
        self.prefixBytes = prefixBytes
        self.prefixRange = prefixRange
        j = prefixBytes
        run = ByteLanes.spaceRunEnd(t, 0, n)
    }

    /// Replaces each of `offsets` (ranges of the rewrite, in order) by its range in the text.
    mutating func map(_ offsets: UnsafeMutableBufferPointer<TokenOffset>) {
        for k in offsets.indices {
            let (s, e) = (offsets[k].start, offsets[k].end)
            guard s < e else {
                let at = locate(s).start
                offsets[k] = TokenOffset(start: at, end: at)
                continue
            }
            let start = locate(s).start, end = locate(e - 1).end
            offsets[k] = NormalizedString.characterRange(start, end, in: text)
        }
    }

    /// The original range that rewritten byte `x` (not before the last one asked) belongs to.
    @inline(__always)
    private mutating func locate(_ x: Int) -> TokenOffset {
        if x < prefixBytes { return prefixRange }
        while true {
            if x < j &+ (run &- i) {
                let o = i &+ (x &- j)
                return TokenOffset(start: o, end: o &+ 1)
            }
            j &+= run &- i
            i = run
            if i >= n { return TokenOffset(start: n, end: n) }
            if x < j &+ m { return TokenOffset(start: i, end: i &+ 1) }
            i &+= 1
            j &+= m
            run = ByteLanes.spaceRunEnd(t, i, n)
        }
    }
}
