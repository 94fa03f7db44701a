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
        let prepended = prepends(to: text, at: 0)
        var cursor = MarkedSpaceCursor(
            text, markBytes: replacement.utf8.count, prefixBytes: prepended ? replacement.utf8.count : 0,
            prefixRange: TokenOffset(start: 0, end: min(UTF8Bytes.sequenceLength(lead: t[0]), text.count)))
        cursor.map(offsets)
        return true
    }
}
