/// Reads BERT `vocab.txt` files (one token per line, id = line number) the way `tokenizers`'
/// `BertWordPieceTokenizer` builds a tokenizer from them: BertNormalizer (lowercasing, and accent
/// stripping following it, unless `cased`), BertPreTokenizer, WordPiece with `##` and `[UNK]`,
/// `[CLS] A [SEP]` post-processing, the WordPiece decoder, and `[PAD] [UNK] [CLS] [SEP] [MASK]`
/// as special tokens where the vocabulary has them.
public enum BertVocabulary {
    /// The special tokens registered when present.
    static let specialTokens = ["[UNK]", "[SEP]", "[CLS]", "[PAD]", "[MASK]"]

    /// Builds the tokenizer from the file's contents; `cased` keeps case and accents.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, cased: Bool = false) throws(SubtokError) -> Tokenizer {
        let vocabulary = try Vocabulary(tokens: try lines(bytes))
        let model = try WordPiece(vocabulary: vocabulary)
        guard let sep = vocabulary.id(for: "[SEP]"), let cls = vocabulary.id(for: "[CLS]") else {
            throw SubtokError(.format, "vocab.txt must contain [SEP] and [CLS]")
        }
        let added = specialTokens.compactMap { token in
            vocabulary.id(for: token).map { AddedToken(id: $0, content: token, special: true) }
        }
        return try Tokenizer(
            normalizer: BertNormalizer(stripAccents: cased ? false : nil, lowercase: !cased),
            preTokenizer: BertPreTokenizer(), model: model,
            postProcessor: BertProcessing(sep: ("[SEP]", sep), cls: ("[CLS]", cls)),
            decoder: WordPieceDecoder(), addedTokens: added)
    }

    /// The tokens, one per line, with trailing white space removed (as Rust's `trim_end`).
    static func lines(_ bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> [String] {
        if let bad = UTF8Bytes.firstInvalidOffset(bytes) {
            throw SubtokError(.format, "vocab.txt is not valid UTF-8 at byte \(bad)")
        }
        var tokens: [String] = []
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            if i == bytes.count && start == i { break }
            var end = i
            let classes = CharacterClasses.shared
            while end > start {
                var s = end - 1
                while s > start, UTF8Bytes.isContinuation(bytes[s]) { s -= 1 }
                let (c, _) = UTF8Bytes.decode(bytes.baseAddress!, s, end)
                guard classes.isWhiteSpace(c) else { break }
                end = s
            }
            tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            start = i + 1
        }
        guard !tokens.isEmpty else { throw SubtokError(.format, "vocab.txt is empty") }
        return tokens
    }
}
