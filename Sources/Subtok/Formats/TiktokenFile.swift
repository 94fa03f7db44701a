/// Reads tiktoken rank files (`.tiktoken`: one `base64-token rank` per line). The pattern and
/// special tokens come from the encoding's name (`cl100k_base`, `o200k_base`, `r50k_base`,
/// `p50k_base`, recognised in the file name), are given explicitly, or, for a file whose name
/// says nothing, follow from its number of tokens (`Encoding.forTokenCount`: Meta Llama 3's
/// `tokenizer.model`, Qwen's `qwen.tiktoken`, the OpenAI encodings). Special tokens are matched
/// only when asked (tiktoken's `encode_ordinary` is the default).
public enum TiktokenFile {
    /// A named tiktoken encoding.
    public struct Encoding: Sendable {
        /// The pre-tokenization pattern.
        public let pattern: Split.KnownPattern
        /// Special tokens and their ids.
        public let specialTokens: [(String, UInt32)]

        static let cl100k = Encoding(
            pattern: .cl100k,
            specialTokens: [
                ("<|endoftext|>", 100257), ("<|fim_prefix|>", 100258), ("<|fim_middle|>", 100259),
                ("<|fim_suffix|>", 100260), ("<|endofprompt|>", 100276),
            ])
        static let o200k = Encoding(
            pattern: .o200k, specialTokens: [("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)])
        static let r50k = Encoding(pattern: .gpt2, specialTokens: [("<|endoftext|>", 50256)])

        /// Meta Llama 3's `original/tokenizer.model`: 128,000 ranks, the Llama 3 pattern and 256
        /// special tokens from id 128000, named as Meta's reference tokenizer (llama3
        /// `tokenizer.py`) names them.
        static let llama3: Encoding = {
            let named = [
                "<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
                "<|reserved_special_token_2|>", "<|reserved_special_token_3|>", "<|start_header_id|>",
                "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>",
            ]
            let names = named + (5..<251).map { "<|reserved_special_token_\($0)|>" }
            return Encoding(pattern: .llama3, specialTokens: names.enumerated().map { ($1, UInt32(128_000 + $0)) })
        }()

        /// Qwen (v1)'s `qwen.tiktoken`: 151,643 ranks, the Qwen pattern (cl100k's with single
        /// digits) and `<|endoftext|>`, `<|im_start|>`, `<|im_end|>`, `<|extra_0|>` ...
        /// `<|extra_204|>` from id 151643.
        static let qwen: Encoding = {
            let names = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] + (0..<205).map { "<|extra_\($0)|>" }
            return Encoding(pattern: .qwen2, specialTokens: names.enumerated().map { ($1, UInt32(151_643 + $0)) })
        }()

        /// The encoding a file name names (by the standard encodings' names), or nil.
        public static func named(_ name: String) -> Encoding? {
            if name.contains("cl100k_base") { return cl100k }
            if name.contains("o200k_base") { return o200k }
            if name.contains("r50k_base") || name.contains("p50k_base") { return r50k }
            return nil
        }

        /// The encoding whose rank file holds `count` tokens (ranks 0 ..< count), or nil:
        /// 50,256 r50k, 100,256 cl100k, 128,000 Llama 3, 151,643 Qwen, 199,998 o200k.
        public static func forTokenCount(_ count: Int) -> Encoding? {
            switch count {
            case 50256: return r50k
            case 100_256: return cl100k
            case 128_000: return llama3
            case 151_643: return qwen
            case 199_998: return o200k
            default: return nil
            }
        }

        /// An encoding with an explicit pattern and special tokens.
        public init(pattern: Split.KnownPattern, specialTokens: [(String, UInt32)]) {
            self.pattern = pattern
            self.specialTokens = specialTokens
        }
    }

    /// Whether `bytes` begin as a rank file does: a line of base64 (possibly empty), a space and
    /// a decimal rank. O(first line).
    public static func looksLikeRankFile(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count, Base64.isAlphabetByte(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == 0x20 else { return false }
        i += 1
        let digits = i
        while i < bytes.count, bytes[i] &- 0x30 < 10 { i += 1 }
        return i > digits && (i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x0D)
    }

    /// Builds the tokenizer from a rank file's contents, with `encoding`'s pattern and special
    /// tokens, or (nil) those its number of tokens names (`Encoding.forTokenCount`); `pattern`
    /// replaces the encoding's pattern. A line holding `=` alone is an empty token, which tiktoken
    /// loads and never produces. Throws a format error naming the line for bad base64, a missing
    /// rank, duplicate tokens or ranks and gaps in the ranks, and an invalid-argument error when
    /// nothing names the pattern. `specialTokens` replaces the encoding's special tokens (as
    /// `tiktoken.Encoding(special_tokens=...)`); each id must lie beyond the ranks.
    public static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, encoding given: Encoding?, pattern: Split.KnownPattern? = nil,
        specialTokens: [(String, UInt32)]? = nil
    ) throws(SubtokError) -> Tokenizer {
        var byRank: [[UInt8]?] = []
        var line = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            line += 1
            let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
            start = end + 1
            if text.isEmpty { continue }
            guard let space = text.firstIndex(of: 0x20) else {
                throw SubtokError(.format, "line \(line): expected \"token rank\"")
            }
            let encoded = UnsafeBufferPointer(rebasing: text[..<space])
            guard let token = encoded.elementsEqual("=".utf8) ? [] : Base64.decode(encoded) else {
                throw SubtokError(.format, "line \(line): the token is not valid base64")
            }
            guard let rank = Int(String(decoding: UnsafeBufferPointer(rebasing: text[(space + 1)...]), as: UTF8.self)),
                rank >= 0, rank < Limits.maximumVocabularySize
            else {
                throw SubtokError(
                    .format, "line \(line): the rank is not an integer from 0 to \(Limits.maximumVocabularySize - 1)")
            }
            if rank >= byRank.count { byRank.append(contentsOf: repeatElement(nil, count: rank + 1 - byRank.count)) }
            guard byRank[rank] == nil else { throw SubtokError(.format, "line \(line): rank \(rank) appears twice") }
            byRank[rank] = token
        }
        guard !byRank.isEmpty else { throw SubtokError(.format, "the rank file is empty") }
        if let gap = byRank.firstIndex(where: { $0 == nil }) { throw SubtokError(.format, "rank \(gap) is missing") }
        let known = given ?? Encoding.forTokenCount(byRank.count)
        guard let chosenPattern = pattern ?? known?.pattern else {
            throw SubtokError(
                .invalidArgument,
                "a rank file of \(byRank.count) tokens is no known encoding; name its pattern (gpt2, cl100k, llama3, qwen2, qwen35, o200k or tekken)"
            )
        }
        let encoding = Encoding(pattern: chosenPattern, specialTokens: specialTokens ?? known?.specialTokens ?? [])
        let model = try BPE(rankedTokens: byRank.map { $0! })
        let added = encoding.specialTokens.map { AddedToken(id: $0.1, content: $0.0, special: true) }
        for token in added where Int(token.id) < model.vocabularySize {
            throw SubtokError(
                specialTokens == nil ? .format : .invalidArgument,
                "special token \(token.content) has id \(token.id), which an ordinary token already has")
        }
        return try Tokenizer(
            preTokenizer: PreTokenizerSequence([
                Split(encoding.pattern, oniguruma: false),
                ByteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: false),
            ]),
            model: model, decoder: ByteLevelDecoder(), addedTokens: added, specialTokensAsText: true)
    }

    /// `specialTokens(json:)` of the file at `path`; errors name the file.
    public static func specialTokens(contentsOfFile path: String) throws(SubtokError) -> [(String, UInt32)] {
        let bytes = try readFile(path)
        do {
            return try bytes.withUnsafeBufferPointer { (b) throws(SubtokError) in try specialTokens(json: b) }
        } catch {
            throw SubtokError(error.kind, "\(path): \(error.message)")
        }
    }

    /// The special tokens of a JSON object of token strings and ids (`{"<|endoftext|>": 100257}`,
    /// tiktoken's `special_tokens`), in id order; throws `format` naming what is wrong (not an
    /// object, an id that is not a whole number below the vocabulary limit, an id given twice).
    public static func specialTokens(json bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> [(String, UInt32)] {
        guard case let .object(members) = try JSONParser.parse(bytes) else {
            throw SubtokError(.format, "special tokens: expected a JSON object of token strings and ids")
        }
        var tokens: [(String, UInt32)] = []
        var seen = Set<UInt32>()
        for (token, value) in members {
            guard case let .number(n) = value, n >= 0, n < Double(Limits.maximumVocabularySize), n == n.rounded() else {
                throw SubtokError(
                    .format,
                    "special tokens: the id of \(token) is not a whole number from 0 to \(Limits.maximumVocabularySize - 1)"
                )
            }
            guard seen.insert(UInt32(n)).inserted else {
                throw SubtokError(.format, "special tokens: id \(Int(n)) is given twice")
            }
            tokens.append((token, UInt32(n)))
        }
        return tokens.sorted { $0.1 < $1.1 }
    }
}
