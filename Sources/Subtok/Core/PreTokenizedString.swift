/// The normalized text cut into splits: ranges of the normalized bytes, each either still to be
/// tokenized by the model or already one added token. Pre-tokenizers refine the splits (and may
/// rewrite the text, keeping its alignment); the model then tokenizes every open split.
public struct PreTokenizedString: Sendable {
    /// One range of the normalized bytes.
    public struct Split: Sendable, Equatable {
        /// First byte of the split in `normalized`.
        public var start: Int
        /// One past its last byte.
        public var end: Int
        /// The added token this split already is, or `Split.open`.
        public var token: UInt32

        /// Marks a split the model still has to tokenize.
        public static let open = UInt32.max

        /// A split of `start ..< end`, optionally already an added token.
        public init(start: Int, end: Int, token: UInt32 = Split.open) {
            self.start = start
            self.end = end
            self.token = token
        }

        /// True when the model has to tokenize this split.
        public var isOpen: Bool { token == Split.open }
    }

    /// The text with its alignment to the original.
    public var normalized: NormalizedString
    /// The splits, in text order, covering the parts of the text that produce tokens.
    public var splits: [Split]

    /// Wraps `normalized` with the given splits.
    public init(normalized: NormalizedString, splits: [Split]) {
        self.normalized = normalized
        self.splits = splits
    }

    /// Replaces every open split by the splits `body` appends for it; splits that already are
    /// tokens are kept. `body` gets the normalized bytes and the split's range. O(splits + work).
    public mutating func refine(
        _ body: (UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, inout [Split]) -> Void
    ) {
        var out: [Split] = []
        out.reserveCapacity(splits.count + normalized.count / 4)
        let current = splits
        normalized.bytes.withUnsafeBufferPointer { p in
            for split in current {
                if split.isOpen { body(p, split.start, split.end, &out) } else { out.append(split) }
            }
        }
        splits = out
    }

    /// Rewrites the text of every open split: `body` receives the builder and the split's old
    /// range and appends its new text (keeping or inserting); token splits and the text between
    /// splits are kept as they are, and the splits are moved to the new text. `expectedCount`:
    /// the new text's length in bytes when the caller knows it (see `NormalizedString.rebuild`).
    /// O(n).
    public mutating func rewriteOpenSplits(
        expectedCount: Int? = nil, _ body: (inout NormalizedString.Builder, _ start: Int, _ end: Int) -> Void
    ) {
        let old = splits
        var moved: [Split] = []
        moved.reserveCapacity(old.count)
        normalized.rebuild(expectedCount: expectedCount) { b in
            var copied = 0
            for split in old {
                b.keep(copied, split.start)
                let start = b.count
                if split.isOpen { body(&b, split.start, split.end) } else { b.keep(split.start, split.end) }
                copied = split.end
                moved.append(.init(start: start, end: b.count, token: split.token))
            }
            b.keep(copied, b.source.count)
        }
        splits = moved
    }
}
