import Glibc
import Subtok

/// The loaders: each reads arbitrary bytes as its file format and, when they load, uses the
/// tokenizer (see `exercise`).
let loaderTargets = [
    FuzzTarget(name: "tokenizer-json", summary: "bytes as a tokenizer.json document") { bytes in
        if let tokenizer = try? Tokenizer.fromJSONBytes(bytes) { exercise(tokenizer) }
    },
    FuzzTarget(name: "sentencepiece-model", summary: "bytes as a SentencePiece .model protobuf") { bytes in
        if let tokenizer = try? SentencePieceModelFile.read(bytes) { exercise(tokenizer) }
    },
    FuzzTarget(name: "gguf", summary: "bytes as a GGUF model file's tokenizer metadata (through a temporary file)") {
        bytes in
        loadFromFile(bytes, suffix: "gguf")
    },
    FuzzTarget(
        name: "file", summary: "bytes as a file with no telling name, read by its content (through a temporary file)"
    ) { bytes in
        loadFromFile(bytes, suffix: "file")
    },
    FuzzTarget(name: "tiktoken", summary: "bytes as a tiktoken rank file with cl100k's pattern, no special tokens") {
        bytes in
        if let tokenizer = try? TiktokenFile.read(
            bytes, encoding: TiktokenFile.Encoding(pattern: .cl100k, specialTokens: []))
        {
            exercise(tokenizer)
        }
    },
    FuzzTarget(name: "vocab-txt", summary: "bytes as a BERT vocab.txt (uncased, then cased)") { bytes in
        if let tokenizer = try? BertVocabulary.read(bytes) { exercise(tokenizer) }
        if let tokenizer = try? BertVocabulary.read(bytes, cased: true) { exercise(tokenizer) }
    },
    FuzzTarget(name: "vocab-merges", summary: "bytes as GPT-2 vocab.json, a NUL byte, then merges.txt") { bytes in
        let cut = bytes.firstIndex(of: 0) ?? bytes.count
        let vocab = UnsafeBufferPointer(rebasing: bytes[..<cut])
        let merges = UnsafeBufferPointer(rebasing: bytes[min(cut + 1, bytes.count)...])
        if let tokenizer = try? VocabMerges.read(vocab: vocab, merges: merges) { exercise(tokenizer) }
    },
    FuzzTarget(name: "word-counts", summary: "bytes as a word-count shard (count<TAB>word lines)") { bytes in
        var counts = WordCounts()
        guard (try? counts.addShard(Array(bytes), named: "fuzz")) != nil else { return }
        var again = WordCounts()
        let written = counts.shardBytes()
        require((try? again.addShard(written, named: "rewritten")) != nil, "a written shard does not read back")
        require(again.shardBytes() == written, "a shard read back differs from the one written")
    },
]

/// Writes `bytes` to a temporary file named with `suffix`, loads it as `Tokenizer(contentsOfFile:)`
/// does and, when it loads, uses the tokenizer; the file is removed after.
private func loadFromFile(_ bytes: UnsafeBufferPointer<UInt8>, suffix: String) {
    let path = "/tmp/subtok-fuzz-\(getpid()).\(suffix)"
    guard let file = fopen(path, "w") else { return }
    fwrite(bytes.baseAddress, 1, bytes.count, file)
    fclose(file)
    defer { unlink(path) }
    if let tokenizer = try? Tokenizer(contentsOfFile: path) { exercise(tokenizer) }
}
