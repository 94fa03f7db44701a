/// Words as `tokenizers` numbers them (`Encoding.word_ids`): word k of a text is the k-th
/// non-empty piece that the added tokens and the pre-tokenizer cut the normalized text into, and
/// every token the model makes of that piece has word id k. Special tokens the post-processor
/// adds, and padding, have none.
extension Tokenizer {
    /// The byte ranges in `bytes` of its words, in order. O(n): the pipeline without the model
    /// (the general path, whatever path encoding takes). Throws on invalid UTF-8.
    public func wordRanges(
        utf8 bytes: UnsafeBufferPointer<UInt8>, allowSpecial: Bool = false
    ) throws(SubtokError) -> [TokenOffset] {
        try Self.validate(bytes)
        let text = preTokenized(bytes, matchSpecial: matchesSpecial(allowSpecial))
        return text.splits.compactMap { $0.end > $0.start ? text.normalized.originalRange($0.start, $0.end) : nil }
    }

    /// The word id of each token of `encoding`, an encoding of `text` (and `pair`) with the same
    /// `allowSpecial`: see `wordIDs(count:sequenceIDs:offsets:text:pair:allowSpecial:)`.
    public func wordIDs(
        of encoding: Encoding, text: UnsafeBufferPointer<UInt8>, pair: UnsafeBufferPointer<UInt8>? = nil,
        allowSpecial: Bool = false
    ) throws(SubtokError) -> [Int?] {
        let ids = try wordIDs(
            count: encoding.count, sequenceIDs: { Int(encoding.sequenceIDs[$0]) }, offsets: { encoding.offsets[$0] },
            text: text, pair: pair, allowSpecial: allowSpecial)
        return ids.map { $0 < 0 ? nil : Int($0) }
    }

    /// The word id of each of `count` tokens, given each token's sequence (0, 1, or negative for
    /// none) and byte range in its text: the index of the first word, from the previous token's
    /// of that sequence on, whose range holds the token's; -1 for tokens of no sequence (added
    /// special tokens, padding) and for a token no word holds. Overflowing parts number words
    /// as their whole text does. O(n + tokens).
    public func wordIDs(
        count: Int, sequenceIDs: (Int) -> Int, offsets: (Int) -> TokenOffset,
        text: UnsafeBufferPointer<UInt8>, pair: UnsafeBufferPointer<UInt8>?, allowSpecial: Bool
    ) throws(SubtokError) -> [Int32] {
        var words = [try wordRanges(utf8: text, allowSpecial: allowSpecial)]
        if let pair { words.append(try wordRanges(utf8: pair, allowSpecial: allowSpecial)) }
        var next = [Int](repeating: 0, count: words.count)
        return (0..<count).map { i -> Int32 in
            let sequence = sequenceIDs(i), offset = offsets(i)
            guard sequence >= 0, sequence < words.count else { return -1 }
            let ranges = words[sequence]
            var k = next[sequence]
            while k < ranges.count && !(ranges[k].start <= offset.start && offset.end <= ranges[k].end) { k += 1 }
            guard k < ranges.count else { return -1 }
            next[sequence] = k
            return Int32(k)
        }
    }
}
