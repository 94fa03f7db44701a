extension Metaspace {
    /// Maps token ranges of `rewrittenPieces(text, after: nil)` back to `text` as `preTokenize`'s
    /// alignment does: a replacement written for a space covers that space, a prepended one the
    /// text's first character, and every other byte is the text's own. Offsets come in order, so
    /// one cursor walks the text once, from space to space (found eight bytes a step).
    /// O(n + offsets).
    public func mapRewrittenOffsets(
        _ offsets: UnsafeMutableBufferPointer<TokenOffset>, of text: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard replacement.unicodeScalars.count == 1 else { return false }
        guard let t = text.baseAddress, !text.isEmpty else { return offsets.isEmpty }
        var cursor = RewrittenCursor(
            t, text.count, replacementCount: replacement.utf8.count, prepended: prepends(to: text, at: 0))
        for k in offsets.indices {
            let (s, e) = (offsets[k].start, offsets[k].end)
            guard s < e else {
                let at = cursor.locate(s).start
                offsets[k] = TokenOffset(start: at, end: at)
                continue
            }
            let start = cursor.locate(s).start, end = cursor.locate(e - 1).end
            offsets[k] = NormalizedString.characterRange(start, end, in: text)
        }
        return true
    }
}

/// A walk over a text and its Metaspace rewrite in step: original byte `i` is rewritten byte `j`,
/// and `run` is the first space at or after `i` (the bytes between are the text's own).
private struct RewrittenCursor {
    let t: UnsafePointer<UInt8>
    let n: Int
    let m: Int
    let prepended: Int
    let firstEnd: Int
    var i = 0
    var j: Int
    var run: Int

    init(_ t: UnsafePointer<UInt8>, _ n: Int, replacementCount m: Int, prepended: Bool) {
        self.t = t
        self.n = n
        self.m = m
        self.prepended = prepended ? m : 0
        firstEnd = min(UTF8Bytes.sequenceLength(lead: t[0]), n)
        j = self.prepended
        run = Metaspace.nextSpace(t, 0, n)
    }

    /// The original range that rewritten byte `x` (not before the last one asked) belongs to:
    /// the first character for the prepended replacement, the space for one written for a
    /// space, else the byte itself.
    @inline(__always)
    mutating func locate(_ x: Int) -> TokenOffset {
        if x < prepended { return TokenOffset(start: 0, end: firstEnd) }
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
            run = Metaspace.nextSpace(t, i, n)
        }
    }
}
