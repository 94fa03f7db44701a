/// The front half of a tokenizer applied to training text: the normalizer and the
/// pre-tokenizer cut a text into the words whose counts the trainers learn from. As in
/// `tokenizers`, added and special tokens are not cut out of the corpus while counting.
public struct TrainingPipeline: Sendable {
    /// Rewrites each text first, if any.
    public let normalizer: (any Normalizer)?
    /// Cuts the normalized text into words, if any (else a text is one word).
    public let preTokenizer: (any PreTokenizer)?
    private let splitter: (any PieceSplitter)?

    /// The pipeline of the given components.
    public init(normalizer: (any Normalizer)?, preTokenizer: (any PreTokenizer)?) {
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.splitter = preTokenizer?.pieceSplitter
    }

    /// Adds the words of one valid UTF-8 text to `counts`: through the scanner, the normalizer's
    /// and pre-tokenizer's byte paths when they have them (no alignments), else the general
    /// path. O(n) plus the components' cost.
    public func countWords(_ text: UnsafeBufferPointer<UInt8>, into counts: inout WordCounts) throws(SubtokError) {
        if let splitter, normalizer == nil {
            try countSplit(text, splitter, into: &counts)
            return
        }
        if let splitter, let normalizer, let normalized = normalizer.normalizedBytes(text) {
            try normalized.withUnsafeBufferPointer { (b) throws(SubtokError) in
                try countSplit(b, splitter, into: &counts)
            }
            return
        }
        if let preTokenizer, let (bytes, ends) = preTokenizer.rewrittenPieces(text, normalizedBy: normalizer) {
            // Without alignments: a one-line corpus of 20 MB took 1 GB through the general path.
            try bytes.withNonNullBytes { (p, _) throws(SubtokError) in
                var start = 0
                for end in ends {
                    if end > start { try counts.add(p + start, end - start) }
                    start = end
                }
            }
            return
        }
        var pre = PreTokenizedString(
            normalized: NormalizedString(original: Array(text)), splits: [.init(start: 0, end: text.count)])
        if let normalizer {
            normalizer.normalize(&pre.normalized)
            pre.splits[0].end = pre.normalized.count
        }
        preTokenizer?.preTokenize(&pre)
        let splits = pre.splits
        try pre.normalized.bytes.withNonNullBytes { (p, _) throws(SubtokError) in
            for split in splits where split.isOpen && split.end > split.start {
                try counts.add(p + split.start, split.end - split.start)
            }
        }
    }

    private func countSplit(
        _ text: UnsafeBufferPointer<UInt8>, _ splitter: any PieceSplitter, into counts: inout WordCounts
    ) throws(SubtokError) {
        guard let p = text.baseAddress, !text.isEmpty else { return }
        var ends: [Int] = []
        ends.reserveCapacity(text.count / 4 + 4)
        splitter.splitPieces(p, 0, text.count, into: &ends)
        var start = 0
        for end in ends {
            if end > start { try counts.add(p + start, end - start) }
            start = end
        }
    }
}
