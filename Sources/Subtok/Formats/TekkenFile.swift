/// Mistral's `tekken.json` (Mistral NeMo, Pixtral, Ministral and later), read as `mistral-common`'s
/// `Tekkenizer` reads it: byte-level BPE over tiktoken-style ranks with the file's own split
/// pattern (on ICU), the first `default_vocab_size - default_num_special_tokens` ranked tokens
/// kept, and `default_num_special_tokens` special tokens before them (id = rank + that number):
/// the file's `special_tokens` list, or (up to version v7, which may lack one) the built-in list of
/// twenty, then `<SPECIAL_n>` fillers. Special tokens are never read from text unless asked
/// (`allowSpecial`), as `Tekkenizer.encode` never reads them; `addSpecialTokens` puts `<s>` first,
/// as its `bos=True`.
enum TekkenFile {
    /// mistral-common's special tokens for files without a list (`DEPRECATED_SPECIAL_TOKENS`).
    static let builtInSpecialTokens = [
        "<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]",
        "[/TOOL_RESULTS]", "[TOOL_CALLS]", "[IMG]", "<pad>", "[IMG_BREAK]", "[IMG_END]", "[PREFIX]", "[MIDDLE]",
        "[SUFFIX]",
        "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[TOOL_CONTENT]",
    ]

    /// The versions `mistral-common` knows, in order; a list of special tokens is required after v7.
    static let versions = ["v1", "v2", "v3", "v7", "v11", "v13", "v15"]

    /// Whether a parsed JSON document is a tekken file: a `config` object and a `vocab` array.
    static func matches(_ json: JSON) -> Bool {
        if case .object? = json["config"], case .array? = json["vocab"] { return true }
        return false
    }

    /// Builds the tokenizer; format errors name the field (a rank out of order, a token that is
    /// not base64, a vocabulary smaller than the configuration says, duplicate special tokens).
    static func read(_ json: JSON) throws(SubtokError) -> Tokenizer {
        let root = try JSONFields(json, path: "tekken")
        let config = try JSONFields(root.optional("config") ?? .null, path: "tekken.config")
        let pattern = try config.string("pattern")
        let vocabularySize = Int(try config.uint32("default_vocab_size"))
        let specialCount = Int(try config.uint32("default_num_special_tokens"))
        let version = try config.optionalString("version") ?? "v3"
        guard let versionIndex = versions.firstIndex(of: version) else {
            throw SubtokError(
                .format, "tekken.config.version \(quoted(version)) is not one of \(versions.joined(separator: ", "))")
        }
        guard vocabularySize > specialCount, vocabularySize <= Limits.maximumVocabularySize else {
            throw SubtokError(
                .format,
                "tekken.config.default_vocab_size (\(vocabularySize)) must exceed default_num_special_tokens (\(specialCount))"
            )
        }
        let specials = try specialTokens(
            root, count: specialCount, requireList: versionIndex > versions.firstIndex(of: "v7")!)
        let entries = try root.array("vocab")
        let kept = vocabularySize - specialCount
        guard entries.count >= kept else {
            throw SubtokError(
                .format, "tekken.vocab has \(entries.count) tokens, fewer than the \(kept) the configuration keeps")
        }
        var ranked: [[UInt8]] = []
        ranked.reserveCapacity(kept)
        for k in 0..<kept {
            let entry = try JSONFields(entries[k], path: "tekken.vocab[\(k)]")
            guard Int(try entry.uint32("rank")) == k else {
                throw SubtokError(.format, "tekken.vocab[\(k)].rank must be \(k)")
            }
            let encoded = Array(try entry.string("token_bytes").utf8)
            guard let bytes = encoded.withUnsafeBufferPointer({ Base64.decode($0) }) else {
                throw SubtokError(.format, "tekken.vocab[\(k)].token_bytes is not base64")
            }
            ranked.append(bytes)
        }
        let model = try BPE(rankedTokens: ranked, reserved: specials)
        let added = specials.enumerated().map { AddedToken(id: UInt32($0.offset), content: $0.element, special: true) }
        guard let bos = specials.firstIndex(of: "<s>") else {
            throw SubtokError(.format, "tekken: no <s> special token")
        }
        let template = try TemplateProcessing(
            single: [.special(name: "<s>", typeID: 0), .sequence(index: 0, typeID: 0)],
            pair: [.special(name: "<s>", typeID: 0), .sequence(index: 0, typeID: 0), .sequence(index: 1, typeID: 1)],
            specialTokens: [.init(name: "<s>", ids: [UInt32(bos)], tokens: ["<s>"])])
        return try Tokenizer(
            preTokenizer: PreTokenizerSequence([
                try Split(regex: pattern, behavior: .isolated, invert: false),
                ByteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: false),
            ]),
            model: model, postProcessor: template, decoder: ByteLevelDecoder(), addedTokens: added,
            specialTokensAsText: true)
    }

    /// The `count` special token strings by id: the file's list (its ranks 0, 1, ... in order),
    /// else the built-in one, then `<SPECIAL_n>` up to `count`.
    private static func specialTokens(_ root: JSONFields, count: Int, requireList: Bool) throws(SubtokError) -> [String]
    {
        var names: [String] = []
        if let list = root.optional("special_tokens"), list != .null {
            guard case let .array(items) = list else {
                throw SubtokError(.format, "tekken.special_tokens must be an array")
            }
            for (k, item) in items.enumerated() {
                let entry = try JSONFields(item, path: "tekken.special_tokens[\(k)]")
                guard Int(try entry.uint32("rank")) == k else {
                    throw SubtokError(.format, "tekken.special_tokens[\(k)].rank must be \(k)")
                }
                names.append(try entry.string("token_str"))
            }
        } else if requireList {
            throw SubtokError(.format, "tekken: files after version v7 must list their special_tokens")
        } else {
            names = builtInSpecialTokens
        }
        guard names.count <= count else {
            throw SubtokError(
                .format,
                "tekken.special_tokens has \(names.count) tokens, more than default_num_special_tokens (\(count))")
        }
        for k in names.count..<count { names.append("<SPECIAL_\(k)>") }
        guard Set(names).count == names.count else {
            throw SubtokError(.format, "tekken.special_tokens holds a token twice")
        }
        return names
    }
}
