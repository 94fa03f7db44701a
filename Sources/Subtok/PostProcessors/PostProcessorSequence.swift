/// Several post-processors applied in order (`"type": "Sequence"`), as Llama 3's files write
/// `Sequence[ByteLevel, TemplateProcessing]`. In `tokenizers` each member works on the list of
/// encodings (the text and its pair) before they are joined: `ByteLevel` trims their offsets,
/// and the last member adds the special tokens and joins them. So every member but the last must
/// be `ByteLevel`: after a joining member, the encodings are pieces of a template, which no file
/// in the wild asks for.
public struct PostProcessorSequence: PostProcessor {
    /// The members before the last: offset trimming applied to each encoding.
    public let trimmers: [ByteLevelProcessing]
    /// The member that joins the encodings, or nil for an empty sequence (the encodings are
    /// joined as they are).
    public let last: (any PostProcessor)?

    /// The sequence of `members`; throws when a member other than the last is not `ByteLevel`.
    public init(_ members: [any PostProcessor]) throws(SubtokError) {
        var trimmers: [ByteLevelProcessing] = []
        for (k, member) in members.dropLast().enumerated() {
            guard let byteLevel = member as? ByteLevelProcessing else {
                throw SubtokError(
                    .unsupported,
                    "post_processor.processors[\(k)]: only ByteLevel may come before the last member of a post-processor Sequence"
                )
            }
            trimmers.append(byteLevel)
        }
        self.trimmers = trimmers
        self.last = members.last
    }

    /// The trimming members, then the last member's.
    public var offsetTrimmers: [ByteLevelProcessing] { trimmers + (last?.offsetTrimmers ?? []) }

    /// The members, first to last.
    public var members: [any PostProcessor] { trimmers + (last.map { [$0] } ?? []) }

    /// The special tokens the last member adds (ByteLevel adds none).
    public func addedTokens(isPair: Bool) -> Int { last?.addedTokens(isPair: isPair) ?? 0 }

    /// True when a member trims offsets.
    public var needsOriginalText: Bool { members.contains { $0.needsOriginalText } }
    /// The `ByteLevel` members' trimmings, then the last member's.
    public var singleTextTrims: [Bool]? {
        guard let lastTrims = last.map({ $0.singleTextTrims }) ?? [] else { return nil }
        return trimmers.filter(\.trimOffsets).map(\.addPrefixSpace) + lastTrims
    }

    /// Trims the offsets of the text and the pair for each `ByteLevel` member that trims, then
    /// lets the last member join them. O(tokens) per member.
    public func process(_ encoding: consuming Encoding, pair: consuming Encoding?, addSpecialTokens: Bool) -> Encoding {
        var first = encoding
        var second = pair
        for trimmer in trimmers where trimmer.trimOffsets {
            OffsetTrimming.trim(&first, addPrefixSpace: trimmer.addPrefixSpace)
            if second != nil { OffsetTrimming.trim(&second!, addPrefixSpace: trimmer.addPrefixSpace) }
        }
        if let last { return last.process(first, pair: second, addSpecialTokens: addSpecialTokens) }
        if let second { first.append(second) }
        return first
    }

    /// `{"type": "Sequence", "processors": [...]}`.
    public var json: JSON { .object([("type", .string("Sequence")), ("processors", .array(members.map(\.json)))]) }
}

extension PostProcessorSequence {
    /// Reads `{"type": "Sequence", "processors": [...]}`, each member through the registry. O(1) but for what the
    /// fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        try self.init(
            try f.members("processors") { v, path throws(SubtokError) in
                try TokenizerJSON.readPostProcessor(v, path: path)
            })
    }
}
