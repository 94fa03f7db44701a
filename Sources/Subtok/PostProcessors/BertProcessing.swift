/// BERT's post-processor: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`, with type id 1 for the
/// second text and its `[SEP]`.
public struct BertProcessing: PostProcessor {
    /// The separator token and its id.
    public var sep: (token: String, id: UInt32)
    /// The classifier token and its id.
    public var cls: (token: String, id: UInt32)

    /// Creates the post-processor.
    public init(sep: (String, UInt32), cls: (String, UInt32)) {
        self.sep = sep
        self.cls = cls
    }

    /// 2 for one text, 3 for a pair.
    public func addedTokens(isPair: Bool) -> Int { isPair ? 3 : 2 }

    /// None: offsets are kept.
    public var singleTextTrims: [Bool]? { [] }

    /// Adds the special tokens and type ids. O(tokens).
    public func process(_ encoding: consuming Encoding, pair: consuming Encoding?, addSpecialTokens: Bool) -> Encoding {
        var out = encoding.emptyCopy(
            reservingCapacity: encoding.count + (pair?.count ?? 0) + addedTokens(isPair: pair != nil))
        if addSpecialTokens { out.appendSpecial(cls.id, typeID: 0) }
        out.append(encoding)
        if addSpecialTokens { out.appendSpecial(sep.id, typeID: 0) }
        if var second = pair {
            for k in second.typeIDs.indices { second.typeIDs[k] = 1 }
            for k in second.sequenceIDs.indices { second.sequenceIDs[k] = 1 }
            out.append(second)
            if addSpecialTokens { out.appendSpecial(sep.id, typeID: 1) }
        }
        return out
    }

    /// `{"type": "BertProcessing", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("BertProcessing")),
            ("sep", .array([.string(sep.token), .number(Double(sep.id))])),
            ("cls", .array([.string(cls.token), .number(Double(cls.id))])),
        ])
    }
}

extension BertProcessing {
    /// Reads `{"type": "BertProcessing", "sep": [token, id], "cls": [token, id]}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(sep: try f.tokenAndID("sep"), cls: try f.tokenAndID("cls"))
    }
}
