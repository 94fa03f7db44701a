extension Tokenizer {
    /// The `count` best segmentations of a text, best first, as `sentencepiece`'s
    /// `nbest_encode_as_ids` (fewer when the text has fewer; the post-processor's special tokens
    /// around each when `addSpecialTokens`). Segmentations of equal score may come in another
    /// order than `sentencepiece`'s, whose order among ties follows its heap. For Unigram models that segment the whole normalized
    /// text as one lattice (a SentencePiece `.model`: no pre-tokenizer, a normalizer with a byte
    /// form); added tokens are read as text, as `sentencepiece` reads them. Throws `invalidUTF8`,
    /// `invalidArgument` for a count outside 1 ... 512, `unsupported` for other models. O(n ·
    /// count log count) for the search.
    public func nBest(
        utf8 bytes: UnsafeBufferPointer<UInt8>, count: Int, addSpecialTokens: Bool = true
    ) throws(SubtokError) -> [[UInt32]] {
        guard (1...512).contains(count) else {
            throw SubtokError(.invalidArgument, "the n-best count must be 1 to 512, found \(count)")
        }
        let unsupported = SubtokError(
            .unsupported, "n-best segmentations need a Unigram model without a pre-tokenizer (a SentencePiece .model)")
        guard preTokenizer == nil else { throw unsupported }
        try Self.validate(bytes)
        guard let normalized = normalizer.map({ $0.normalizedBytes(bytes) }) ?? Array(bytes) else {
            throw SubtokError(.unsupported, "n-best segmentations need a normalizer with a byte form")
        }
        let affixes = addSpecialTokens ? specialAffixes.added : specialAffixes.plain
        guard let paths = normalized.withUnsafeBufferPointer({ model.nBestIDs($0, count: count) }) else {
            throw unsupported
        }
        return paths.map { affixes.prefix + $0 + affixes.suffix }
    }
}
