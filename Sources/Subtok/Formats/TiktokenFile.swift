/// Reads tiktoken rank files (`.tiktoken`: one `base64-token rank` per line). The pattern and
/// special tokens come from the encoding's name (`cl100k_base`, `o200k_base`, `r50k_base`,
/// `p50k_base`, recognised in the file name) or are given explicitly. Special tokens are
/// matched only when asked (tiktoken's `encode_ordinary` is the default).
public enum TiktokenFile {
    /// A named tiktoken encoding.
    public struct Encoding: Sendable {
        /// The pre-tokenization pattern.
        public let pattern: Split.KnownPattern
        /// Special tokens and their ids.
        public let specialTokens: [(String, UInt32)]

        /// The encoding a file name names (by the standard encodings' names), or nil.
        public static func named(_ name: String) -> Encoding? {
            if name.contains("cl100k_base") {
                return Encoding(pattern: .cl100k, specialTokens: [
                    ("<|endoftext|>", 100257), ("<|fim_prefix|>", 100258), ("<|fim_middle|>", 100259),
                    ("<|fim_suffix|>", 100260), ("<|endofprompt|>", 100276),
                ])
            }
            if name.contains("o200k_base") {
                return Encoding(pattern: .o200k, specialTokens: [("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)])
            }
            if name.contains("r50k_base") || name.contains("p50k_base") {
                return Encoding(pattern: .gpt2, specialTokens: [("<|endoftext|>", 50256)])
            }
            return nil
        }

        /// An encoding with an explicit pattern and special tokens.
        public init(pattern: Split.KnownPattern, specialTokens: [(String, UInt32)]) {
            self.pattern = pattern
            self.specialTokens = specialTokens
        }
    }

    /// Builds the tokenizer from a rank file's contents. Throws a format error naming the line
    /// for bad base64, a missing rank, duplicate tokens or ranks, and gaps in the ranks.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, encoding: Encoding) throws(SubtokError) -> Tokenizer {
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
            guard let space = text.firstIndex(of: 0x20) else { throw SubtokError(.format, "line \(line): expected \"token rank\"") }
            guard let token = Base64.decode(UnsafeBufferPointer(rebasing: text[..<space])), !token.isEmpty else {
                throw SubtokError(.format, "line \(line): the token is not valid base64")
            }
            guard let rank = Int(String(decoding: UnsafeBufferPointer(rebasing: text[(space + 1)...]), as: UTF8.self)),
                  rank >= 0, rank < Limits.maximumVocabularySize else {
                throw SubtokError(.format, "line \(line): the rank is not an integer from 0 to \(Limits.maximumVocabularySize - 1)")
            }
            if rank >= byRank.count { byRank.append(contentsOf: repeatElement(nil, count: rank + 1 - byRank.count)) }
            guard byRank[rank] == nil else { throw SubtokError(.format, "line \(line): rank \(rank) appears twice") }
            byRank[rank] = token
        }
        guard !byRank.isEmpty else { throw SubtokError(.format, "the rank file is empty") }
        if let gap = byRank.firstIndex(where: { $0 == nil }) { throw SubtokError(.format, "rank \(gap) is missing") }
        let model = try BPE(rankedTokens: byRank.map { $0! })
        let added = encoding.specialTokens.map { AddedToken(id: $0.1, content: $0.0, special: true) }
        for token in added where Int(token.id) < model.vocabularySize {
            throw SubtokError(.format, "special token \(token.content) has id \(token.id), which an ordinary token already has")
        }
        return try Tokenizer(
            preTokenizer: PreTokenizerSequence([Split(encoding.pattern, oniguruma: false), ByteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: false)]),
            model: model, decoder: ByteLevelDecoder(), addedTokens: added, specialTokensAsText: true)
    }
}
