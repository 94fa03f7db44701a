/// The byte-level pre-tokenizer of GPT-2, RoBERTa and their descendants (`"type": "ByteLevel"`):
/// optionally adds a space before each text, then splits with the GPT-2 pattern (`GPT2Split`).
///
/// Hugging Face `tokenizers` also maps every byte to a printable character here; Subtok keeps
/// the raw bytes and lets the BPE model read byte-level vocabularies as bytes instead, which
/// gives the same tokens without the rewrite (`isByteLevel` tells the model to do so).
public struct ByteLevel: PreTokenizer {
    /// Add a space before a text that does not start with one, so its first word is encoded like
    /// any other word.
    public var addPrefixSpace: Bool
    /// Kept for the post-processor and decoder of the same name; unused when pre-tokenizing.
    public var trimOffsets: Bool
    /// Split with the GPT-2 pattern (false: the whole text is one piece).
    public var useRegex: Bool

    /// Creates the pre-tokenizer with `tokenizers`' defaults.
    public init(addPrefixSpace: Bool = true, trimOffsets: Bool = true, useRegex: Bool = true) {
        self.addPrefixSpace = addPrefixSpace
        self.trimOffsets = trimOffsets
        self.useRegex = useRegex
    }

    /// Always true.
    public var isByteLevel: Bool { true }

    /// The GPT-2 scanner when no prefix space is added; with `use_regex` off, the whole text.
    public var pieceSplitter: (any PieceSplitter)? {
        if addPrefixSpace { return nil }
        return useRegex ? GPT2Split() as any PieceSplitter : WholeText()
    }

    /// True without regex or prefix space: the byte mapping itself is the model's business.
    public var changesNothing: Bool { !addPrefixSpace && !useRegex }

    /// Adds prefix spaces and splits the open splits. O(n).
    public func preTokenize(_ text: inout PreTokenizedString) {
        if addPrefixSpace { addPrefixSpaces(&text) }
        guard useRegex else { return }
        var ends: [Int] = []
        let splitter = GPT2Split()
        text.refine { p, start, end, out in
            ends.removeAll(keepingCapacity: true)
            splitter.splitPieces(p.baseAddress!, start, end, into: &ends)
            var s = start
            for e in ends { out.append(.init(start: s, end: e)); s = e }
        }
    }

    /// Inserts a space at the start of every non-empty open split that does not begin with one,
    /// aligned to the split's first character (as `tokenizers`' `prepend`).
    private func addPrefixSpaces(_ text: inout PreTokenizedString) {
        let needs = text.splits.contains { $0.isOpen && $0.end > $0.start && text.normalized.bytes[$0.start] != 0x20 }
        guard needs else { return }
        text.rewriteOpenSplits { b, start, end in
            if end > start && b.source[start] != 0x20 { b.insert(CollectionOfOne(0x20), alignedTo: start) }
            b.keep(start, end)
        }
    }

    /// `{"type": "ByteLevel", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("ByteLevel")), ("add_prefix_space", .bool(addPrefixSpace)),
            ("trim_offsets", .bool(trimOffsets)), ("use_regex", .bool(useRegex)),
        ])
    }
}

extension ByteLevel {
    /// Reads `{"type": "ByteLevel", "add_prefix_space", "trim_offsets", "use_regex"}` (a pre-tokenizer). O(1) but for
    /// what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            addPrefixSpace: try f.bool("add_prefix_space", default: true),
            trimOffsets: try f.bool("trim_offsets", default: true), useRegex: try f.bool("use_regex", default: true))
    }
}
