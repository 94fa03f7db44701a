/// RoBERTa's post-processor: `<s> A </s>` and `<s> A </s> </s> B </s>`, all type ids 0, with
/// byte-level offset trimming when `trim_offsets` is set.
public struct RobertaProcessing: PostProcessor {
    /// The separator token and its id (`</s>`).
    public var sep: (token: String, id: UInt32)
    /// The classifier token and its id (`<s>`).
    public var cls: (token: String, id: UInt32)
    /// Whether to trim spaces out of token offsets.
    public var trimOffsets: Bool
    /// Whether the pre-tokenizer adds a prefix space.
    public var addPrefixSpace: Bool

    /// Creates the post-processor.
    public init(sep: (String, UInt32), cls: (String, UInt32), trimOffsets: Bool = true, addPrefixSpace: Bool = true) {
        self.sep = sep
        self.cls = cls
        self.trimOffsets = trimOffsets
        self.addPrefixSpace = addPrefixSpace
    }

    /// 2 for one text, 4 for a pair.
    public func addedTokens(isPair: Bool) -> Int { isPair ? 4 : 2 }

    /// True when offsets are trimmed.
    public var needsOriginalText: Bool { trimOffsets }
    /// The trimming, when offsets are trimmed.
    public var singleTextTrims: [Bool]? { trimOffsets ? [addPrefixSpace] : [] }

    /// Adds the special tokens. O(tokens).
    public func process(_ encoding: consuming Encoding, pair: consuming Encoding?, addSpecialTokens: Bool) -> Encoding {
        var first = encoding
        var second = pair
        if trimOffsets {
            OffsetTrimming.trim(&first, addPrefixSpace: addPrefixSpace)
            if second != nil { OffsetTrimming.trim(&second!, addPrefixSpace: addPrefixSpace) }
        }
        if var s = second { for k in s.sequenceIDs.indices { s.sequenceIDs[k] = 1 }; second = s }
        guard addSpecialTokens else {
            if let second { first.append(second) }
            return first
        }
        var out = first.emptyCopy(
            reservingCapacity: first.count + (second?.count ?? 0) + addedTokens(isPair: second != nil))
        out.appendSpecial(cls.id, typeID: 0)
        out.append(first)
        out.appendSpecial(sep.id, typeID: 0)
        if let second {
            out.appendSpecial(sep.id, typeID: 0)
            out.append(second)
            out.appendSpecial(sep.id, typeID: 0)
        }
        for k in out.typeIDs.indices { out.typeIDs[k] = 0 }
        return out
    }

    /// `{"type": "RobertaProcessing", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("RobertaProcessing")),
            ("sep", .array([.string(sep.token), .number(Double(sep.id))])),
            ("cls", .array([.string(cls.token), .number(Double(cls.id))])),
            ("trim_offsets", .bool(trimOffsets)), ("add_prefix_space", .bool(addPrefixSpace)),
        ])
    }
}

extension RobertaProcessing {
    /// Reads `{"type": "RobertaProcessing", "sep": [token, id], "cls": [token, id], "trim_offsets",
    /// "add_prefix_space"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            sep: try f.tokenAndID("sep"), cls: try f.tokenAndID("cls"),
            trimOffsets: try f.bool("trim_offsets", default: true),
            addPrefixSpace: try f.bool("add_prefix_space", default: true))
    }
}
