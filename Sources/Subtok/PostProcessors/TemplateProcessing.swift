/// The general post-processor: a template per case (`single`, `pair`) listing the input
/// sequences (`$A`, `$B`) and special tokens, each with a type id, as in
/// `[CLS] $A [SEP] $B:1 [SEP]:1`.
public struct TemplateProcessing: PostProcessor {
    /// One element of a template.
    public enum Piece: Sendable, Equatable {
        /// Input sequence 0 (`A`) or 1 (`B`) with the type id its tokens get.
        case sequence(index: Int, typeID: UInt32)
        /// The special token named `name` in `specialTokens`, with its type id.
        case special(name: String, typeID: UInt32)
    }

    /// A special token of a template: it may expand to several ids.
    public struct SpecialToken: Sendable, Equatable {
        /// The name the templates use.
        public var name: String
        /// The ids it adds.
        public var ids: [UInt32]
        /// Their token strings.
        public var tokens: [String]

        /// Creates a special token entry.
        public init(name: String, ids: [UInt32], tokens: [String]) {
            self.name = name
            self.ids = ids
            self.tokens = tokens
        }
    }

    /// The template for one text.
    public var single: [Piece]
    /// The template for a pair of texts.
    public var pair: [Piece]
    /// The special tokens the templates name, in file order.
    public var specialTokens: [SpecialToken]

    /// Creates the processor; throws when a template names a special token that is not defined.
    public init(single: [Piece], pair: [Piece], specialTokens: [SpecialToken]) throws(SubtokError) {
        for piece in single + pair {
            if case let .special(name, _) = piece, !specialTokens.contains(where: { $0.name == name }) {
                throw SubtokError(
                    .format, "TemplateProcessing names the special token \(quoted(name)) but does not define it")
            }
        }
        self.single = single
        self.pair = pair
        self.specialTokens = specialTokens
    }

    /// The number of special-token ids the template adds.
    public func addedTokens(isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { n, piece in
            if case let .special(name, _) = piece {
                return n + (specialTokens.first { $0.name == name }?.ids.count ?? 0)
            }
            return n
        }
    }

    /// None: offsets are kept.
    public var singleTextTrims: [Bool]? { [] }

    /// Applies the template. O(tokens).
    public func process(
        _ taken: consuming Encoding, pair takenPair: consuming Encoding?, addSpecialTokens: Bool
    ) -> Encoding {
        let encoding = taken
        let second = takenPair
        var out = encoding.emptyCopy(
            reservingCapacity: encoding.count + (second?.count ?? 0) + addedTokens(isPair: second != nil))
        for piece in (second == nil ? single : pair) {
            switch piece {
            case let .sequence(index, typeID):
                guard var part = index == 0 ? encoding : second else { continue }
                for k in part.typeIDs.indices { part.typeIDs[k] = typeID }
                for k in part.sequenceIDs.indices { part.sequenceIDs[k] = Int8(index) }
                out.append(part)
            case let .special(name, typeID):
                guard addSpecialTokens, let token = specialTokens.first(where: { $0.name == name }) else { continue }
                for id in token.ids { out.appendSpecial(id, typeID: typeID) }
            }
        }
        return out
    }

    /// `{"type": "TemplateProcessing", ...}` in `tokenizers`' serialized form.
    public var json: JSON {
        func template(_ pieces: [Piece]) -> JSON {
            .array(
                pieces.map { piece in
                    switch piece {
                    case let .sequence(index, typeID):
                        return .object([
                            (
                                "Sequence",
                                .object([("id", .string(index == 0 ? "A" : "B")), ("type_id", .number(Double(typeID)))])
                            )
                        ])
                    case let .special(name, typeID):
                        return .object([
                            ("SpecialToken", .object([("id", .string(name)), ("type_id", .number(Double(typeID)))]))
                        ])
                    }
                })
        }
        return .object([
            ("type", .string("TemplateProcessing")), ("single", template(single)), ("pair", template(pair)),
            (
                "special_tokens",
                .object(
                    specialTokens.map { t in
                        (
                            t.name,
                            .object([
                                ("id", .string(t.name)), ("ids", .array(t.ids.map { .number(Double($0)) })),
                                ("tokens", .array(t.tokens.map { .string($0) })),
                            ])
                        )
                    })
            ),
        ])
    }
}

extension TemplateProcessing {
    /// Reads `{"type": "TemplateProcessing", "single": [...], "pair": [...], "special_tokens": {...}}`:
    /// each piece a `{"Sequence": {"id": "A" | "B", "type_id"}}` or a `{"SpecialToken": {"id",
    /// "type_id"}}`, each special token its `id`, `ids` and `tokens`. O(pieces and tokens).
    init(json f: JSONFields) throws(SubtokError) {
        func pieces(_ key: String) throws(SubtokError) -> [TemplateProcessing.Piece] {
            var out: [TemplateProcessing.Piece] = []
            for (k, item) in try f.array(key).enumerated() {
                let path = "\(f.path).\(key)[\(k)]"
                if let seq = item["Sequence"] {
                    let s = try JSONFields(seq, path: path + ".Sequence")
                    let id = try s.string("id")
                    guard id == "A" || id == "B" else {
                        throw SubtokError(.format, "\(path).Sequence.id must be \"A\" or \"B\"")
                    }
                    out.append(.sequence(index: id == "A" ? 0 : 1, typeID: try s.uint32("type_id")))
                } else if let special = item["SpecialToken"] {
                    let s = try JSONFields(special, path: path + ".SpecialToken")
                    out.append(.special(name: try s.string("id"), typeID: try s.uint32("type_id")))
                } else {
                    throw SubtokError(.format, "\(path) must be a Sequence or a SpecialToken")
                }
            }
            return out
        }
        var specials: [TemplateProcessing.SpecialToken] = []
        if case let .object(members)? = f.optional("special_tokens") {
            for member in members {
                let s = try JSONFields(member.value, path: "\(f.path).special_tokens.\(member.key)")
                let ids = try s.array("ids").enumerated().map { (k, v) throws(SubtokError) in
                    try JSONFields.uint32(v, at: "\(s.path).ids[\(k)]")
                }
                var tokens: [String] = []
                for t in try s.array("tokens") {
                    guard case let .string(text) = t else {
                        throw SubtokError(.format, "\(s.path).tokens must hold strings")
                    }
                    tokens.append(text)
                }
                guard ids.count == tokens.count else {
                    throw SubtokError(.format, "\(s.path): ids and tokens differ in length")
                }
                specials.append(.init(name: try s.string("id"), ids: ids, tokens: tokens))
            }
        }
        try self.init(single: try pieces("single"), pair: try pieces("pair"), specialTokens: specials)
    }
}
