extension SentencePieceNormalizer {
    /// The normalized bytes of a text whose characters the rules copy as they are and whose
    /// spaces are all kept (none leading, trailing or repeated when extra white space is
    /// removed), with the dummy prefix in front: its offsets map back by counting spaces. One
    /// pass, `normalizedBytes`'s. O(n).
    public func normalizedBytesMappingOffsets(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var none: [UInt32]?
        var copied = false
        let out = run(text, alignment: &none, copiedAsItIs: &copied)
        return copied ? out : nil
    }

    /// Maps offsets of `normalizedBytesMappingOffsets(text)`: an escaped space covers its space,
    /// the dummy prefix the empty range at the start, every other byte is the text's own.
    /// O(n + offsets).
    public func mapNormalizedOffsets(
        _ offsets: UnsafeMutableBufferPointer<TokenOffset>, of text: UnsafeBufferPointer<UInt8>
    ) {
        guard !text.isEmpty else { return }
        let mark = escapeWhitespaces ? Self.spaceSymbol.count : 1
        var cursor = MarkedSpaceCursor(
            text, markBytes: mark, prefixBytes: addDummyPrefix ? mark : 0, prefixRange: TokenOffset(start: 0, end: 0))
        cursor.map(offsets)
    }
}
