/// Several pre-tokenizers applied in order (`"type": "Sequence"`).
public struct PreTokenizerSequence: PreTokenizer {
    /// The pre-tokenizers, applied first to last.
    public var members: [any PreTokenizer]

    /// Creates the sequence.
    public init(_ members: [any PreTokenizer]) { self.members = members }

    /// True when any member is byte-level.
    public var isByteLevel: Bool { members.contains { $0.isByteLevel } }

    /// The splitter of the only member that does anything, when there is one, or of the Splits
    /// that do, when a scanner covers them together (DeepSeek V3's three).
    public var pieceSplitter: (any PieceSplitter)? {
        let active = members.filter { !$0.changesNothing }
        if active.count == 1 { return active[0].pieceSplitter }
        let sources = active.map { ($0 as? Split)?.isolatedRegexSource }
        return sources == DeepSeekV3Split.patterns ? DeepSeekV3Split() : nil
    }

    /// True when no member changes anything.
    public var changesNothing: Bool { members.allSatisfy(\.changesNothing) }

    /// Applies each member in turn.
    public func preTokenize(_ text: inout PreTokenizedString) {
        for member in members { member.preTokenize(&text) }
    }

    /// `{"type": "Sequence", "pretokenizers": [...]}`.
    public var json: JSON {
        .object([("type", .string("Sequence")), ("pretokenizers", .array(members.map(\.json)))])
    }
}

extension PreTokenizerSequence {
    /// Reads `{"type": "Sequence", "pretokenizers": [...]}`, each member through the registry. O(1) but for what the
    /// fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            try f.members("pretokenizers") { v, path throws(SubtokError) in
                try TokenizerJSON.readPreTokenizer(v, path: path)
            })
    }
}
