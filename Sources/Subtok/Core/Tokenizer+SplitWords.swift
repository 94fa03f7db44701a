/// Input already split into words (`tokenizers`' `is_pretokenized`): each word goes through the
/// normalizer, pre-tokenizer and model on its own, as a text would; its tokens take its index
/// as word id and offsets into the word itself. Truncation, the post-processor and padding then
/// treat the words of a text as they treat a text.
extension Tokenizer {
    /// Encodes the words of a text (and of its pair). Offsets are byte ranges within each
    /// token's word; `wordIDs` holds each token's word. O(total bytes). Throws on invalid UTF-8,
    /// naming the word.
    public func encode(
        words: [UnsafeBufferPointer<UInt8>], pair: [UnsafeBufferPointer<UInt8>]? = nil, addSpecialTokens: Bool = true,
        allowSpecial: Bool = false
    ) throws(SubtokError) -> Encoding {
        switch encodeBatch(
            words: [words], pairs: [pair], addSpecialTokens: addSpecialTokens, threads: 1, allowSpecial: allowSpecial)
        {
        case .success(let encodings): return encodings[0]
        case .failure(let failure): throw failure.error
        }
    }

    /// `encode(words:)` of each item on up to `threads` threads (0: all CPUs), item k with the
    /// pair `pairs[k]` when that is not nil (`pairs` nil: no pairs); batch padding covers all.
    /// A word of invalid UTF-8 fails the batch with its item's index.
    public func encodeBatch(
        words items: [[UnsafeBufferPointer<UInt8>]], pairs: [[UnsafeBufferPointer<UInt8>]?]?,
        addSpecialTokens: Bool = true,
        threads: Int = 0, allowSpecial: Bool = false
    ) -> Result<[Encoding], BatchFailure> {
        if let pairs, pairs.count != items.count {
            return .failure(
                BatchFailure(
                    index: min(pairs.count, items.count),
                    error: SubtokError(.invalidArgument, "\(items.count) inputs but \(pairs.count) pairs")))
        }
        for (k, words) in items.enumerated() {
            for (w, word) in (words + (pairs?[k] ?? [])).enumerated() {
                do {
                    try Self.validate(word)
                } catch {
                    return .failure(
                        BatchFailure(index: k, error: SubtokError(error.kind, "word \(w): \(error.message)")))
                }
            }
        }
        let special = matchesSpecial(allowSpecial)
        let weight = { (k: Int) in items[k].reduce(0) { $0 + $1.count } + (pairs?[k]?.reduce(0) { $0 + $1.count } ?? 0)
        }
        var encodings = Self.parallelMap(count: items.count, weight: weight, threads: threads) { k in
            encodeWordsUnpadded(items[k], pair: pairs?[k], addSpecialTokens: addSpecialTokens, matchSpecial: special)
        }
        padding?.apply(&encodings)
        for k in encodings.indices {
            let starts = [Self.wordStarts(items[k])] + (pairs?[k].map { [Self.wordStarts($0)] } ?? [])
            Self.localize(&encodings[k], wordStarts: starts)
        }
        return .success(encodings)
    }

    /// Where each word starts when the words are joined without separators, and where the last
    /// ends.
    private static func wordStarts(_ words: [UnsafeBufferPointer<UInt8>]) -> [Int] {
        var starts = [0]
        for word in words { starts.append(starts[starts.count - 1] + word.count) }
        return starts
    }

    /// The words encoded one by one and joined (offsets into the words joined without
    /// separators), truncated and post-processed.
    private func encodeWordsUnpadded(
        _ words: [UnsafeBufferPointer<UInt8>], pair: [UnsafeBufferPointer<UInt8>]?, addSpecialTokens: Bool,
        matchSpecial: Bool
    ) -> Encoding {
        func joined(_ words: [UnsafeBufferPointer<UInt8>], sequence: Int8) -> Encoding {
            var result = Encoding(ids: [], offsets: [], vocabulary: self, sequence: sequence)
            var start = 0
            for word in words {
                var part = encodeSequence(word, sequence: sequence, matchSpecial: matchSpecial)
                for k in part.offsets.indices {
                    part.offsets[k] = TokenOffset(
                        start: part.offsets[k].start + start, end: part.offsets[k].end + start)
                }
                result.append(part)
                start += word.count
            }
            if postProcessor?.needsOriginalText == true { result.originalText = words.flatMap { Array($0) } }
            return result
        }
        var first = joined(words, sequence: 0)
        var second = pair.map { joined($0, sequence: 1) }
        if let truncation {
            let reserved = addSpecialTokens ? (postProcessor?.addedTokens(isPair: second != nil) ?? 0) : 0
            truncation.apply(&first, &second, reserved: reserved)
        }
        return postProcess(first, second, addSpecialTokens: addSpecialTokens)
    }

    /// Gives each token of `encoding` (and of its overflowing parts) its word, found from its
    /// offset among `wordStarts` of its sequence, and makes its offsets relative to that word.
    /// Empty words hold no token: a token where one starts belongs to the next word that does.
    private static func localize(_ encoding: inout Encoding, wordStarts: [[Int]]) {
        var words = [Int32](repeating: -1, count: encoding.count)
        for i in 0..<encoding.count {
            let sequence = Int(encoding.sequenceIDs[i])
            guard sequence >= 0, sequence < wordStarts.count else { continue }
            let starts = wordStarts[sequence], offset = encoding.offsets[i]
            // The last word starting at or before the token, and holding something.
            var low = 0, high = starts.count - 2
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= offset.start { low = middle } else { high = middle - 1 }
            }
            words[i] = Int32(low)
            encoding.offsets[i] = TokenOffset(start: offset.start - starts[low], end: offset.end - starts[low])
        }
        encoding.wordIDs = words
        for k in encoding.overflowing.indices { localize(&encoding.overflowing[k], wordStarts: wordStarts) }
    }
}
