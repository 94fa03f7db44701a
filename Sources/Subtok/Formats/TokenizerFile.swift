import Glibc

/// Loading and saving tokenizers by path, choosing the format from the file name and content.
extension Tokenizer {
    /// Loads a tokenizer from a file, or from a model directory (the file `ModelDirectory` picks in
    /// it: `tokenizer.json` first; a SentencePiece model there takes the BOS/EOS tokens its
    /// `tokenizer_config.json` asks for, as `transformers` adds them): GPT-2 `vocab.json` with `merges.txt` beside it, BERT
    /// `vocab.txt` (any `.txt`; lowercasing unless `cased`), else by its content: a GGUF model
    /// file (only its tokenizer metadata is read: `GGUFTokenizer`), a tiktoken rank
    /// file (lines of `base64 rank`, whatever the name: Meta Llama 3's `tokenizer.model` is
    /// one), a `tokenizer.json` (a JSON object), or a SentencePiece `.model`. A rank
    /// file takes its pattern and special tokens from its name (`cl100k_base`, `o200k_base`,
    /// `r50k_base`, `p50k_base`), else from its number of tokens (`TiktokenFile`); `pattern`
    /// overrides the pattern. Throws `io`, `format`, `invalidArgument` or `unsupported` errors
    /// naming the file and the problem.
    public convenience init(contentsOfFile givenPath: String, cased: Bool = false, pattern: Split.KnownPattern? = nil) throws(SubtokError) {
        let directory = ModelDirectory.isDirectory(givenPath)
        let path = directory ? try ModelDirectory.tokenizerFile(in: givenPath) : givenPath
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let source: Tokenizer
        if name.hasSuffix("vocab.json") {
            let mergesPath = String(path.dropLast("vocab.json".count)) + "merges.txt"
            let vocab = try readFile(path)
            let merges = try readFile(mergesPath)
            source = try vocab.withUnsafeBufferPointer { (v) throws(SubtokError) in
                try merges.withUnsafeBufferPointer { (m) throws(SubtokError) in try VocabMerges.read(vocab: v, merges: m) }
            }
            try self.init(copying: source)
            return
        }
        if GGUFMetadata.isGGUF(path: path) {
            do {
                source = try GGUFTokenizer.read(try GGUFMetadata(path: path))
            } catch {
                throw SubtokError(error.kind, "\(name): \(error.message)")
            }
            try self.init(copying: source)
            return
        }
        let bytes = try readFile(path)
        do {
            source = try bytes.withUnsafeBufferPointer { (b) throws(SubtokError) in
                if name.hasSuffix(".txt") { return try BertVocabulary.read(b, cased: cased) }
                if TiktokenFile.looksLikeRankFile(b) || name.hasSuffix(".tiktoken")
                    || (!name.hasSuffix(".json") && TiktokenFile.Encoding.named(name) != nil) {
                    return try TiktokenFile.read(b, encoding: TiktokenFile.Encoding.named(name), pattern: pattern)
                }
                if let first = b.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "{") {
                    return try Tokenizer.fromJSONBytes(b)
                }
                if name.hasSuffix(".model") || b.first == 0x0A {
                    let model = try SentencePieceModelFile.read(b)
                    guard directory, let configPath = ModelDirectory.file(TokenizerConfig.fileName, in: givenPath) else { return model }
                    return try TokenizerConfig(path: configPath).applied(to: model)
                }
                return try Tokenizer.fromJSONBytes(b)
            }
        } catch {
            throw SubtokError(error.kind, "\(name): \(error.message)")
        }
        try self.init(copying: source)
    }

    /// Where `init(contentsOfFile:)` takes a tokenizer from, in words (`subtok info`): for a
    /// model directory, the file it picks and what `tokenizer_config.json` adds; for a GGUF file,
    /// its tokenizer model and pre-tokenizer name. Reads at most the config file or the GGUF
    /// header; "unreadable" parts are said so rather than thrown.
    public static func sourceDescription(of path: String) -> String {
        if ModelDirectory.isDirectory(path) {
            guard let file = try? ModelDirectory.tokenizerFile(in: path) else { return "a directory with no tokenizer file" }
            let name = file.split(separator: "/").last.map(String.init) ?? file
            guard !name.hasSuffix(".json"), let configPath = ModelDirectory.file(TokenizerConfig.fileName, in: path) else {
                return "\(name) in the directory"
            }
            guard let config = try? TokenizerConfig(path: configPath) else { return "\(name) in the directory; its \(TokenizerConfig.fileName) is unreadable" }
            return "\(name) in the directory, with \(TokenizerConfig.fileName): BOS \(config.addsBOS ? "added" : "not added"), EOS \(config.addsEOS ? "added" : "not added")"
        }
        guard GGUFMetadata.isGGUF(path: path) else { return "a tokenizer file" }
        guard let metadata = try? GGUFMetadata(path: path) else { return "a GGUF file whose metadata is unreadable" }
        func text(_ key: String) -> String {
            if case let .string(value)? = metadata.values[key] { return value }
            return "none"
        }
        return "GGUF version \(metadata.version) (tokenizer metadata only): model \(text("tokenizer.ggml.model")), pre-tokenizer \(text("tokenizer.ggml.pre"))"
    }

    /// Loads a tokenizer from `tokenizer.json` bytes in memory.
    public static func fromJSONBytes(_ bytes: UnsafeBufferPointer<UInt8>) throws(SubtokError) -> Tokenizer {
        try TokenizerJSON.read(bytes: bytes)
    }

    /// The tokenizer as a `tokenizer.json` document. A tokenizer read from a SentencePiece
    /// `.model` is converted as the Hugging Face converters do (`SentencePieceConversion`), which
    /// throws `unsupported` for the few options `tokenizers` cannot express.
    public var json: JSON {
        get throws(SubtokError) {
            if let normalizer = normalizer as? SentencePieceNormalizer {
                return try SentencePieceConversion.document(self, normalizer)
            }
            return TokenizerJSON.write(self)
        }
    }

    /// The `tokenizer.json` text `save(to:)` writes. O(vocabulary size).
    public func jsonText() throws(SubtokError) -> String {
        JSONWriter.string(try json)
    }

    /// Writes the tokenizer as `tokenizer.json` to `path` (atomically: a temporary file renamed).
    public func save(to path: String) throws(SubtokError) {
        try writeFile(path, Array(try jsonText().utf8))
    }

    private convenience init(copying other: Tokenizer) throws(SubtokError) {
        try self.init(
            normalizer: other.normalizer, preTokenizer: other.preTokenizer, model: other.model,
            postProcessor: other.postProcessor, decoder: other.decoder, addedTokens: other.addedVocabulary.tokens,
            truncation: other.truncation, padding: other.padding, specialTokensAsText: other.specialTokensAsText,
            samplingSeed: other.samplingSeed, sampling: other.sampling)
    }
}

/// The whole contents of a file, refusing files over `Limits.maximumFileSize`.
func readFile(_ path: String) throws(SubtokError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SubtokError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw SubtokError(.io, "cannot stat \(path): \(String(cString: strerror(errno)))") }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw SubtokError(.io, "\(path) is a directory") }
    let size = Int(info.st_size)
    guard size <= Limits.maximumFileSize else {
        throw SubtokError(.limitExceeded, "\(path) is \(size) bytes, over the limit of \(Limits.maximumFileSize)")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
        if n < 0 {
            if errno == EINTR { continue }
            throw SubtokError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if n == 0 { break }
        done += n
    }
    return Array(bytes[0..<done])
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// failed or interrupted write leaves no partial file.
func writeFile(_ path: String, _ bytes: [UInt8]) throws(SubtokError) {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw SubtokError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
        if n < 0 {
            if errno == EINTR { continue }
            let message = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw SubtokError(.io, "cannot write \(path): \(message)")
        }
        done += n
    }
    guard close(fd) == 0, rename(temporary, path) == 0 else {
        let message = String(cString: strerror(errno))
        unlink(temporary)
        throw SubtokError(.io, "cannot write \(path): \(message)")
    }
}
