/// Reads and writes Hugging Face `tokenizer.json` files: the pipeline's components by their
/// `type`, the model (including the legacy form whose `model` has no `type`), and the added
/// tokens. A component this version does not implement is an `unsupported` error naming it,
/// never a silently different tokenizer.
public enum TokenizerJSON {
    /// Builds a tokenizer from a parsed `tokenizer.json` document.
    public static func read(_ json: JSON) throws(SubtokError) -> Tokenizer {
        let root = try JSONFields(json, path: "tokenizer.json")
        let truncation = try root.optional("truncation").map { v throws(SubtokError) in try readTruncation(v) }
        let padding = try root.optional("padding").map { v throws(SubtokError) in try readPadding(v) }
        let normalizer = try root.optional("normalizer").map { v throws(SubtokError) in try readNormalizer(v) }
        let preTokenizer = try root.optional("pre_tokenizer").map { v throws(SubtokError) in
            try readPreTokenizer(v, path: "pre_tokenizer")
        }
        let model = try readModel(root.optional("model") ?? .null, byteLevel: preTokenizer?.isByteLevel ?? false)
        let postProcessor = try root.optional("post_processor").map { v throws(SubtokError) in try readPostProcessor(v)
        }
        let decoder = try root.optional("decoder").map { v throws(SubtokError) in try readDecoder(v) }
        var added: [AddedToken] = []
        if root.optional("added_tokens") != nil {
            for (k, item) in try root.array("added_tokens").enumerated() {
                let f = try JSONFields(item, path: "added_tokens[\(k)]")
                added.append(
                    AddedToken(
                        id: try f.uint32("id"), content: try f.string("content"),
                        singleWord: try f.bool("single_word", default: false),
                        leftStrip: try f.bool("lstrip", default: false),
                        rightStrip: try f.bool("rstrip", default: false),
                        normalized: try f.bool("normalized", default: true),
                        special: try f.bool("special", default: false)))
            }
        }
        return try Tokenizer(
            normalizer: normalizer, preTokenizer: preTokenizer, model: model,
            postProcessor: postProcessor, decoder: decoder, addedTokens: added, truncation: truncation, padding: padding
        )
    }

    static func readTruncation(_ v: JSON) throws(SubtokError) -> Truncation {
        let f = try JSONFields(v, path: "truncation")
        let strategyName = try f.optionalString("strategy") ?? "LongestFirst"
        guard let strategy = Truncation.Strategy(rawValue: strategyName) else {
            throw SubtokError(
                .format,
                "truncation.strategy must be LongestFirst, OnlyFirst or OnlySecond, found \(quoted(strategyName))")
        }
        let directionName = try f.optionalString("direction") ?? "Right"
        guard let direction = Truncation.Direction(rawValue: directionName) else {
            throw SubtokError(.format, "truncation.direction must be Right or Left, found \(quoted(directionName))")
        }
        let stride =
            try f.optional("stride").map { v throws(SubtokError) in
                Int(try JSONFields.uint32(v, at: "truncation.stride"))
            } ?? 0
        return Truncation(
            maxLength: Int(try f.uint32("max_length")), stride: stride, strategy: strategy, direction: direction)
    }

    static func readPadding(_ v: JSON) throws(SubtokError) -> Padding {
        let f = try JSONFields(v, path: "padding")
        var strategy = Padding.Strategy.batchLongest
        switch f.optional("strategy") {
        case nil, .string("BatchLongest")?: break
        case let value?:
            guard let fixed = value["Fixed"] else {
                throw SubtokError(.format, "padding.strategy must be \"BatchLongest\" or {\"Fixed\": n}")
            }
            strategy = .fixed(Int(try JSONFields.uint32(fixed, at: "padding.strategy.Fixed")))
        }
        let directionName = try f.optionalString("direction") ?? "Right"
        guard let direction = Padding.Direction(rawValue: directionName) else {
            throw SubtokError(.format, "padding.direction must be Right or Left, found \(quoted(directionName))")
        }
        let multiple = try f.optional("pad_to_multiple_of").map { v throws(SubtokError) in
            Int(try JSONFields.uint32(v, at: "padding.pad_to_multiple_of"))
        }
        return Padding(
            strategy: strategy, direction: direction, padToMultipleOf: multiple,
            padID: try f.optional("pad_id").map { v throws(SubtokError) in
                try JSONFields.uint32(v, at: "padding.pad_id")
            } ?? 0,
            padTypeID: try f.optional("pad_type_id").map { v throws(SubtokError) in
                try JSONFields.uint32(v, at: "padding.pad_type_id")
            } ?? 0,
            padToken: try f.optionalString("pad_token") ?? "[PAD]")
    }

    /// Parses and reads `tokenizer.json` bytes.
    public static func read(bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> Tokenizer {
        let json = try JSONParser.parse(bytes)
        return TekkenFile.matches(json) ? try TekkenFile.read(json) : try read(json)
    }

    /// The `tokenizer.json` document for `tokenizer`, which `tokenizers` loads and encodes identically.
    public static func write(_ tokenizer: Tokenizer) -> JSON {
        let truncation: JSON = tokenizer.truncation?.json ?? .null
        let padding: JSON = tokenizer.padding?.json ?? .null
        let added: JSON = .array(addedTokensWithoutGaps(tokenizer).map(\.json))
        let normalizer: JSON = tokenizer.normalizer?.json ?? .null
        let preTokenizer: JSON = tokenizer.preTokenizer?.json ?? .null
        let postProcessor: JSON = tokenizer.postProcessor?.json ?? .null
        let decoder: JSON = tokenizer.decoder?.json ?? .null
        return .object([
            ("version", .string("1.0")), ("truncation", truncation), ("padding", padding), ("added_tokens", added),
            ("normalizer", normalizer), ("pre_tokenizer", preTokenizer), ("post_processor", postProcessor),
            ("decoder", decoder), ("model", tokenizer.model.json),
        ])
    }

    /// The added tokens, with reserved special tokens filling any ids between the model's
    /// vocabulary and the last added token: `tokenizers` gives added tokens consecutive ids
    /// whatever the file says, so a gap (tiktoken's cl100k has 100256 and 100261-100275) would
    /// shift every later id. Llama 3's files fill theirs the same way.
    static func addedTokensWithoutGaps(_ tokenizer: Tokenizer) -> [AddedToken] {
        let tokens = tokenizer.addedVocabulary.tokens
        guard let last = tokens.last?.id, Int(last) >= tokenizer.model.vocabularySize else { return tokens }
        var out: [AddedToken] = []
        var byID = Dictionary(uniqueKeysWithValues: tokens.map { ($0.id, $0) })
        for id in UInt32(tokenizer.model.vocabularySize)...last {
            if let token = byID.removeValue(forKey: id) {
                out.append(token)
            } else {
                out.append(AddedToken(id: id, content: "<|reserved_special_token_\(id)|>", special: true))
            }
        }
        return byID.values.sorted { $0.id < $1.id } + out
    }

    static func readNormalizer(_ v: JSON) throws(SubtokError) -> any Normalizer {
        let f = try JSONFields(v, path: "normalizer")
        switch try f.string("type") {
        case "BertNormalizer":
            var strip: Bool?
            if let value = f.optional("strip_accents") {
                guard case let .bool(b) = value else {
                    throw SubtokError(.format, "normalizer.strip_accents must be a boolean or null")
                }
                strip = b
            }
            return BertNormalizer(
                cleanText: try f.bool("clean_text", default: true),
                handleChineseCharacters: try f.bool("handle_chinese_chars", default: true),
                stripAccents: strip, lowercase: try f.bool("lowercase", default: true))
        case "Lowercase": return Lowercase()
        case "Precompiled": return try Precompiled(base64: try f.string("precompiled_charsmap"))
        case "NFD": return UnicodeNormalization(.nfd)
        case "NFKD": return UnicodeNormalization(.nfkd)
        case "NFC": return UnicodeNormalization(.nfc)
        case "NFKC": return UnicodeNormalization(.nfkc)
        case "StripAccents": return StripAccents()
        case "Strip":
            return Strip(left: try f.bool("strip_left", default: true), right: try f.bool("strip_right", default: true))
        case "Prepend": return Prepend(prefix: try f.string("prepend"))
        case "Nmt": return Nmt()
        case "ByteLevel": return ByteLevelNormalizer()
        case "Replace":
            let pattern = try JSONFields(f.optional("pattern") ?? .null, path: "normalizer.pattern")
            if let regex = try pattern.optionalString("Regex") {
                return try Replace(regex: regex, content: try f.string("content"))
            }
            return try Replace(pattern: try pattern.string("String"), content: try f.string("content"))
        case "Sequence":
            var members: [any Normalizer] = []
            for item in try f.array("normalizers") { members.append(try readNormalizer(item)) }
            return NormalizerSequence(members)
        case let other:
            throw SubtokError(.unsupported, "normalizer \(other) is not supported yet")
        }
    }

    static func readPreTokenizer(_ v: JSON, path: String) throws(SubtokError) -> any PreTokenizer {
        let f = try JSONFields(v, path: path)
        switch try f.string("type") {
        case "ByteLevel":
            return ByteLevel(
                addPrefixSpace: try f.bool("add_prefix_space", default: true),
                trimOffsets: try f.bool("trim_offsets", default: true), useRegex: try f.bool("use_regex", default: true)
            )
        case "BertPreTokenizer":
            return BertPreTokenizer()
        case "Whitespace":
            return Whitespace()
        case "Split":
            return try Split(json: f)
        case "Metaspace":
            return Metaspace(
                replacement: try f.optionalString("replacement") ?? "\u{2581}", prependScheme: try readPrependScheme(f),
                split: try f.bool("split", default: true))
        case "WhitespaceSplit":
            return WhitespaceSplit()
        case "Punctuation":
            return Punctuation(behavior: try SplitDelimiterBehavior.read(f, default: .isolated))
        case "Digits":
            return Digits(individualDigits: try f.bool("individual_digits", default: false))
        case "CharDelimiterSplit":
            let delimiter = try f.string("delimiter").unicodeScalars
            guard delimiter.count == 1, let scalar = delimiter.first else {
                throw SubtokError(.format, "\(path).delimiter must be one character")
            }
            return CharDelimiterSplit(delimiter: scalar)
        case "FixedLength":
            return FixedLength(
                length: Int(
                    try f.optional("length").map { v throws(SubtokError) in
                        try JSONFields.uint32(v, at: "\(path).length")
                    } ?? 5))
        case "UnicodeScripts":
            return UnicodeScripts()
        case "Sequence":
            var members: [any PreTokenizer] = []
            for (k, m) in try f.array("pretokenizers").enumerated() {
                members.append(try readPreTokenizer(m, path: "\(path).pretokenizers[\(k)]"))
            }
            return PreTokenizerSequence(members)
        case let other:
            throw SubtokError(.unsupported, "pre-tokenizer \(other) is not supported yet")
        }
    }

    static func readPostProcessor(_ v: JSON) throws(SubtokError) -> any PostProcessor {
        let f = try JSONFields(v, path: "post_processor")
        switch try f.string("type") {
        case "ByteLevel":
            return ByteLevelProcessing(
                addPrefixSpace: try f.bool("add_prefix_space", default: true),
                trimOffsets: try f.bool("trim_offsets", default: true), useRegex: try f.bool("use_regex", default: true)
            )
        case "RobertaProcessing":
            return RobertaProcessing(
                sep: try tokenAndID(f, "sep"), cls: try tokenAndID(f, "cls"),
                trimOffsets: try f.bool("trim_offsets", default: true),
                addPrefixSpace: try f.bool("add_prefix_space", default: true))
        case "TemplateProcessing":
            return try readTemplate(f)
        case "BertProcessing":
            return BertProcessing(sep: try tokenAndID(f, "sep"), cls: try tokenAndID(f, "cls"))
        case "Sequence":
            var members: [any PostProcessor] = []
            for member in try f.array("processors") { members.append(try readPostProcessor(member)) }
            return try PostProcessorSequence(members)
        case let other:
            throw SubtokError(.unsupported, "post-processor \(other) is not supported yet")
        }
    }

    private static func tokenAndID(_ f: JSONFields, _ key: String) throws(SubtokError) -> (String, UInt32) {
        let pair = try f.array(key)
        guard pair.count == 2, case let .string(token) = pair[0] else {
            throw SubtokError(.format, "\(f.path).\(key) must be [token, id]")
        }
        return (token, try JSONFields.uint32(pair[1], at: "\(f.path).\(key)[1]"))
    }

    private static func readTemplate(_ f: JSONFields) throws(SubtokError) -> TemplateProcessing {
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
        return try TemplateProcessing(single: try pieces("single"), pair: try pieces("pair"), specialTokens: specials)
    }

    static func readDecoder(_ v: JSON) throws(SubtokError) -> any Decoder {
        let f = try JSONFields(v, path: "decoder")
        switch try f.string("type") {
        case "ByteLevel":
            return ByteLevelDecoder(
                addPrefixSpace: try f.bool("add_prefix_space", default: true),
                trimOffsets: try f.bool("trim_offsets", default: true), useRegex: try f.bool("use_regex", default: true)
            )
        case "WordPiece":
            return WordPieceDecoder(
                prefix: try f.optionalString("prefix") ?? "##", cleanup: try f.bool("cleanup", default: true))
        case "Metaspace":
            return MetaspaceDecoder(
                replacement: try f.optionalString("replacement") ?? "\u{2581}", prependScheme: try readPrependScheme(f),
                split: try f.bool("split", default: true))
        case "ByteFallback": return ByteFallbackDecoder()
        case "BPEDecoder": return BPEDecoder(suffix: try f.optionalString("suffix") ?? "</w>")
        case "Fuse": return FuseDecoder()
        case "CTC":
            return CTCDecoder(
                padToken: try f.optionalString("pad_token") ?? "<pad>",
                wordDelimiterToken: try f.optionalString("word_delimiter_token") ?? "|",
                cleanup: try f.bool("cleanup", default: true))
        case "Strip":
            let content = try f.string("content").unicodeScalars
            guard content.count == 1, let scalar = content.first else {
                throw SubtokError(.format, "decoder.content must be one character")
            }
            let start = Int(
                try f.optional("start").map { v throws(SubtokError) in try JSONFields.uint32(v, at: "decoder.start") }
                    ?? 0)
            let stop = Int(
                try f.optional("stop").map { v throws(SubtokError) in try JSONFields.uint32(v, at: "decoder.stop") }
                    ?? 0)
            return StripDecoder(content: scalar, start: start, stop: stop)
        case "Replace":
            let pattern = try JSONFields(f.optional("pattern") ?? .null, path: "decoder.pattern")
            if let regex = try pattern.optionalString("Regex") {
                return try ReplaceDecoder(regex: regex, content: try f.string("content"))
            }
            return try ReplaceDecoder(pattern: try pattern.string("String"), content: try f.string("content"))
        case "Sequence":
            var members: [any Decoder] = []
            for item in try f.array("decoders") { members.append(try readDecoder(item)) }
            return DecoderSequence(members)
        case let other:
            throw SubtokError(.unsupported, "decoder \(other) is not supported yet")
        }
    }

    static func readModel(_ v: JSON, byteLevel: Bool) throws(SubtokError) -> any Model {
        let f = try JSONFields(v, path: "model")
        let type: String
        if let t = try f.optionalString("type") {
            type = t
        } else if f.optional("merges") != nil {
            type = "BPE"
        } else if f.optional("max_input_chars_per_word") != nil {
            type = "WordPiece"
        } else if case .array? = f.optional("vocab") {
            type = "Unigram"
        } else {
            type = "WordLevel"
        }
        switch type {
        case "BPE": return try readBPE(f, byteLevel: byteLevel)
        case "WordPiece": return try readWordPiece(f)
        case "Unigram": return try readUnigram(f)
        case "WordLevel":
            return try WordLevel(
                vocabulary: try readVocabulary(f), unknownToken: try f.optionalString("unk_token") ?? "<unk>")
        default: throw SubtokError(.unsupported, "model \(type) is not supported yet")
        }
    }

    private static func readVocabulary(_ f: JSONFields) throws(SubtokError) -> Vocabulary {
        guard case let .object(members)? = f.optional("vocab") else {
            throw SubtokError(.format, "model.vocab must be an object of token -> id")
        }
        var pairs: [(String, UInt32)] = []
        pairs.reserveCapacity(members.count)
        for member in members {
            pairs.append((member.key, try JSONFields.uint32(member.value, at: "model.vocab[\(quoted(member.key))]")))
        }
        return try Vocabulary(pairs: pairs)
    }

    static func readPrependScheme(_ f: JSONFields) throws(SubtokError) -> Metaspace.PrependScheme {
        if let name = try f.optionalString("prepend_scheme") {
            guard let scheme = Metaspace.PrependScheme(rawValue: name) else {
                throw SubtokError(
                    .format, "\(f.path).prepend_scheme must be always, first or never, found \(quoted(name))")
            }
            return scheme
        }
        return try f.bool("add_prefix_space", default: true) ? .always : .never
    }

    private static func readUnigram(_ f: JSONFields) throws(SubtokError) -> Unigram {
        var pieces: [(String, Double, Unigram.PieceType)] = []
        for (k, item) in try f.array("vocab").enumerated() {
            guard case let .array(pair) = item, pair.count == 2, case let .string(piece) = pair[0],
                case let .number(score) = pair[1]
            else {
                throw SubtokError(.format, "model.vocab[\(k)] must be [piece, score]")
            }
            pieces.append((piece, score, .normal))
        }
        guard let unknown = f.optional("unk_id") else { throw SubtokError(.format, "model.unk_id is missing") }
        return try Unigram(
            pieces: pieces, unknownID: try JSONFields.uint32(unknown, at: "model.unk_id"),
            byteFallback: try f.bool("byte_fallback", default: false), sentencePieceRules: false)
    }

    private static func readWordPiece(_ f: JSONFields) throws(SubtokError) -> WordPiece {
        let maxCharacters = try f.optional("max_input_chars_per_word").map { v throws(SubtokError) in
            Int(try JSONFields.uint32(v, at: "model.max_input_chars_per_word"))
        }
        return try WordPiece(
            vocabulary: try readVocabulary(f), unknownToken: try f.optionalString("unk_token") ?? "[UNK]",
            continuingSubwordPrefix: try f.optionalString("continuing_subword_prefix") ?? "##",
            maxInputCharactersPerWord: maxCharacters ?? 100)
    }

    private static func readBPE(_ f: JSONFields, byteLevel: Bool) throws(SubtokError) -> BPE {
        let vocabulary = try readVocabulary(f)
        var merges: [(String, String)] = []
        let list = try f.array("merges")
        merges.reserveCapacity(list.count)
        for (k, item) in list.enumerated() {
            switch item {
            case let .string(line):
                guard let pair = ByteStrings.splitPair(line[...]) else {
                    throw SubtokError(.format, "model.merges[\(k)] must be \"left right\", found \(quoted(line))")
                }
                merges.append(pair)
            case let .array(pair) where pair.count == 2:
                guard case let .string(a) = pair[0], case let .string(b) = pair[1] else {
                    throw SubtokError(.format, "model.merges[\(k)] must hold two strings")
                }
                merges.append((a, b))
            default:
                throw SubtokError(.format, "model.merges[\(k)] must be a string or a pair of strings")
            }
        }
        let options = BPE.Options(
            dropout: try f.optionalDouble("dropout"), unknownToken: try f.optionalString("unk_token"),
            continuingSubwordPrefix: try f.optionalString("continuing_subword_prefix"),
            endOfWordSuffix: try f.optionalString("end_of_word_suffix"),
            fuseUnknown: try f.bool("fuse_unk", default: false),
            byteFallback: try f.bool("byte_fallback", default: false),
            ignoreMerges: try f.bool("ignore_merges", default: false))
        return try BPE(vocabulary: vocabulary, merges: merges, options: options, byteLevel: byteLevel)
    }
}
