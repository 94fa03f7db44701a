/// Several pre-tokenizers applied in order (`"type": "Sequence"`).
public struct PreTokenizerSequence: PreTokenizer {
    /// The pre-tokenizers, applied first to last.
    public var members: [any PreTokenizer]

    /// Creates the sequence.
    public init(_ members: [any PreTokenizer]) { self.members = members }

    /// True when any member is byte-level.
    public var isByteLevel: Bool { members.contains { $0.isByteLevel } }

    /// The only member's splitter, when the sequence has exactly one.
    public var pieceSplitter: (any PieceSplitter)? {
        members.count == 1 ? members[0].pieceSplitter : nil
    }

    /// Applies each member in turn.
    public func preTokenize(_ text: inout PreTokenizedString) {
        for member in members { member.preTokenize(&text) }
    }

    /// `{"type": "Sequence", "pretokenizers": [...]}`.
    public var json: JSON {
        .object([("type", .string("Sequence")), ("pretokenizers", .array(members.map(\.json)))])
    }
}
