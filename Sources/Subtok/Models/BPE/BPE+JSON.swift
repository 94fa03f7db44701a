extension BPE {
    /// Reads a `tokenizer.json` model `{"type": "BPE", "vocab", "merges" (strings "left right"
    /// or pairs), "dropout", "unk_token", "continuing_subword_prefix", "end_of_word_suffix",
    /// "fuse_unk", "byte_fallback", "ignore_merges"}`; `byteLevel` when the pipeline around it
    /// is byte-level. O(tokens + merges).
    convenience init(json f: JSONFields, byteLevel: Bool) throws(SubtokError) {
        let vocabulary = try Vocabulary(json: f)
        var merges: [(String, String)] = []
        let list = try f.array("merges")
        merges.reserveCapacity(list.count)
        for (k, item) in list.enumerated() {
            switch item {
            case let .string(line):
                guard let pair = ByteStrings.splitPair(line[...]) else {
                    throw SubtokError(.format, "\(f.path).merges[\(k)] must be \"left right\", found \(quoted(line))")
                }
                merges.append(pair)
            case let .array(pair) where pair.count == 2:
                guard case let .string(a) = pair[0], case let .string(b) = pair[1] else {
                    throw SubtokError(.format, "\(f.path).merges[\(k)] must hold two strings")
                }
                merges.append((a, b))
            default:
                throw SubtokError(.format, "\(f.path).merges[\(k)] must be a string or a pair of strings")
            }
        }
        let options = BPE.Options(
            dropout: try f.optionalDouble("dropout"), unknownToken: try f.optionalString("unk_token"),
            continuingSubwordPrefix: try f.optionalString("continuing_subword_prefix"),
            endOfWordSuffix: try f.optionalString("end_of_word_suffix"),
            fuseUnknown: try f.bool("fuse_unk", default: false),
            byteFallback: try f.bool("byte_fallback", default: false),
            ignoreMerges: try f.bool("ignore_merges", default: false))
        try self.init(vocabulary: vocabulary, merges: merges, options: options, byteLevel: byteLevel)
    }

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
