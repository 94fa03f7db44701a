/// The `ByteLevel` post-processor: adds no tokens; trims spaces out of the offsets when
/// `trim_offsets` is set.
public struct ByteLevelProcessing: PostProcessor {
    /// Whether the pre-tokenizer added a prefix space (that space is kept in the first offsets).
    public var addPrefixSpace: Bool
    /// Whether to trim leading and trailing spaces out of token offsets.
    public var trimOffsets: Bool
    /// Stored for round-tripping `tokenizer.json`.
    public var useRegex: Bool

    /// Creates the post-processor.
    public init(addPrefixSpace: Bool = true, trimOffsets: Bool = true, useRegex: Bool = true) {
        self.addPrefixSpace = addPrefixSpace
        self.trimOffsets = trimOffsets
        self.useRegex = useRegex
    }

    /// Always 0.
    public func addedTokens(isPair: Bool) -> Int { 0 }

    /// True when offsets are trimmed.
    public var needsOriginalText: Bool { trimOffsets }
    /// The trimming, when offsets are trimmed.
    public var singleTextTrims: [Bool]? { trimOffsets ? [addPrefixSpace] : [] }
    /// Itself.
    public var offsetTrimmers: [ByteLevelProcessing] { [self] }

    /// Trims offsets (if enabled) and joins a pair. O(tokens).
    public func process(_ encoding: consuming Encoding, pair: consuming Encoding?, addSpecialTokens: Bool) -> Encoding {
        var first = encoding
        var second = pair
        if trimOffsets {
            OffsetTrimming.trim(&first, addPrefixSpace: addPrefixSpace)
            if second != nil { OffsetTrimming.trim(&second!, addPrefixSpace: addPrefixSpace) }
        }
        if var second {
            for k in second.sequenceIDs.indices { second.sequenceIDs[k] = 1 }
            first.append(second)
        }
        return first
    }

    /// `{"type": "ByteLevel", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("ByteLevel")), ("add_prefix_space", .bool(addPrefixSpace)),
            ("trim_offsets", .bool(trimOffsets)), ("use_regex", .bool(useRegex)),
        ])
    }
}

extension ByteLevelProcessing {
    /// Reads `{"type": "ByteLevel", "add_prefix_space", "trim_offsets", "use_regex"}` (a post-processor). O(1) but for
    /// what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            addPrefixSpace: try f.bool("add_prefix_space", default: true),
            trimOffsets: try f.bool("trim_offsets", default: true), useRegex: try f.bool("use_regex", default: true))
    }
}
