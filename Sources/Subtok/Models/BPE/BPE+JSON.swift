extension BPE {
    /// The model in `tokenizer.json` form: options, `vocab` (token -> id, in id order) and
    /// `merges` as `[left, right]` pairs in rank order.
    public var json: JSON {
        func optionalString(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }
        let vocab = vocabulary.tokens.enumerated().map { (key: $0.element, value: JSON.number(Double($0.offset))) }
        let mergeList = merges.map {
            JSON.array([.string(vocabulary.tokens[Int($0.0)]), .string(vocabulary.tokens[Int($0.1)])])
        }
        return .object([
            ("type", .string("BPE")),
            ("dropout", options.dropout.map { .number($0) } ?? .null),
            ("unk_token", optionalString(options.unknownToken)),
            ("continuing_subword_prefix", optionalString(options.continuingSubwordPrefix)),
            ("end_of_word_suffix", optionalString(options.endOfWordSuffix)),
            ("fuse_unk", .bool(options.fuseUnknown)),
            ("byte_fallback", .bool(options.byteFallback)),
            ("ignore_merges", .bool(options.ignoreMerges)),
            ("vocab", .object(vocab)),
            ("merges", .array(mergeList)),
        ])
    }
}
