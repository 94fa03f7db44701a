/// The kinds of tokenizer file Subtok reads. `Tokenizer(contentsOfFile:)` tells them apart by
/// content (and by name where content cannot: a `.txt` is a BERT vocabulary); naming the kind
/// (`--type`, `kind:`) reads a file as that kind whatever it looks like.
public enum TokenizerFileKind: String, CaseIterable, Sendable {
    /// Hugging Face `tokenizer.json`.
    case tokenizerJSON = "tokenizer-json"
    /// Mistral `tekken.json`.
    case tekken
    /// A SentencePiece model (`ModelProto`, `.model`).
    case sentencePiece = "sentencepiece"
    /// A tiktoken rank file: lines of a base64 token and its rank.
    case tiktoken
    /// BERT `vocab.txt`: one token per line.
    case bertVocabulary = "bert-vocab"
    /// GPT-2 `vocab.json` or OpenAI's `encoder.json` (a JSON object of token ids), with
    /// `merges.txt` or `vocab.bpe` beside it.
    case gpt2Vocabulary = "gpt2-vocab"
    /// A llama.cpp GGUF model file (its tokenizer metadata).
    case gguf

    /// The names `init?(rawValue:)` accepts, for help texts: `tokenizer-json, tekken, ...`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The kind by file name and the first bytes of the file, or nil when neither says: GGUF
    /// magic, a GPT-2 vocabulary name, a `.txt` name, tiktoken rank lines (or a rank file's
    /// name), a JSON object (tekken when it has `config` and `vocab`; a GPT-2 vocabulary is told
    /// from a `tokenizer.json` only once parsed), a `.model` name or protobuf's first field tag,
    /// BERT vocabulary lines. O(first line).
    static func sniff(name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> TokenizerFileKind? {
        if bytes.count >= 4, Array(bytes[0..<4]) == GGUFMetadata.magic { return .gguf }
        if name.hasSuffix("vocab.json") || name.hasSuffix("encoder.json") { return .gpt2Vocabulary }
        if name.hasSuffix(".txt") { return .bertVocabulary }
        if TiktokenFile.looksLikeRankFile(bytes) || name.hasSuffix(".tiktoken")
            || (!name.hasSuffix(".json") && TiktokenFile.Encoding.named(name) != nil)
        {
            return .tiktoken
        }
        if firstNonSpace(bytes) == UInt8(ascii: "{") { return .tokenizerJSON }
        if name.hasSuffix(".model") || bytes.first == 0x0A { return .sentencePiece }
        if looksLikeBertVocabulary(bytes) { return .bertVocabulary }
        return nil
    }

    /// The first byte that is not JSON white space.
    static func firstNonSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }

    /// Whether `bytes` read as BERT vocabulary lines: valid UTF-8 lines without inner white
    /// space, among them `[UNK]`, `[CLS]` or `[SEP]`. O(n).
    static func looksLikeBertVocabulary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard UTF8Bytes.firstInvalidOffset(bytes) == nil, let lines = try? BertVocabulary.lines(bytes) else {
            return false
        }
        let markers: Set<String> = ["[UNK]", "[CLS]", "[SEP]"]
        return lines.contains { markers.contains($0) } && !lines.contains { $0.contains(" ") || $0.contains("\t") }
    }

    /// What `bytes` look like, in words, for an error about a file no kind matched.
    static func describe(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.isEmpty { return "it is empty" }
        let head = bytes.prefix(32)
        // A character cut by the 32-byte window is not a sign of binary data.
        let invalid = UTF8Bytes.firstInvalidOffset(UnsafeBufferPointer(rebasing: head))
        if invalid.map({ $0 < head.count - 3 }) == true || head.contains(0) {
            let hex = head.prefix(8).map { b in
                String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16)
            }
            return "it begins with the bytes \(hex.joined(separator: " ")), not text"
        }
        let line = head.prefix { $0 != 0x0A && $0 != 0x0D }
        return "it begins with the text \"\(String(decoding: line, as: UTF8.self))\""
    }
}
