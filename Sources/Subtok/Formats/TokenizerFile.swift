import Glibc

/// Loading and saving tokenizers by path, choosing the format from the file name and content.
extension Tokenizer {
    /// Loads a tokenizer from a file, or from a model directory (the file `ModelDirectory` picks in
    /// it: `tokenizer.json` first; a SentencePiece model there takes the BOS/EOS tokens its
    /// `tokenizer_config.json` asks for, as `transformers` adds them). The file's kind comes from
    /// its content, or its name where content cannot tell (`TokenizerFileKind.sniff`): GGUF
    /// (only its tokenizer metadata is read: `GGUFTokenizer`), GPT-2 `vocab.json` or OpenAI's
    /// `encoder.json` (with `merges.txt` or `vocab.bpe` beside it), BERT `vocab.txt` (any
    /// `.txt`, or lines holding `[UNK]`, `[CLS]` or `[SEP]`; lowercasing unless `cased`), a
    /// tiktoken rank file (lines of `base64 rank`, whatever the name: Meta Llama 3's
    /// `tokenizer.model` is one), a `tokenizer.json` or `tekken.json` (a JSON object), or a
    /// SentencePiece `.model`. `kind` reads the file as that kind instead (in a directory, the
    /// first file of that kind). A rank file takes its pattern and special tokens from its name
    /// (`cl100k_base`, `o200k_base`, `r50k_base`, `p50k_base`), else from its number of tokens
    /// (`TiktokenFile`); `pattern` overrides the pattern and `specialTokens` the special tokens
    /// (for rank files only: any other kind says where its special tokens come from). Throws `io`, `format`,
    /// `invalidArgument` or `unsupported` errors naming the file and the problem; a file of no
    /// kind is a format error saying what it looks like.
    public convenience init(
        contentsOfFile givenPath: String, cased: Bool = false, pattern: Split.KnownPattern? = nil,
        kind: TokenizerFileKind? = nil,
        specialTokens: [(String, UInt32)]? = nil
    ) throws(SubtokError) {
        let directory = ModelDirectory.isDirectory(givenPath)
        let path = directory ? try ModelDirectory.tokenizerFile(in: givenPath, kind: kind) : givenPath
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let source: Tokenizer
        do {
            source = try Self.read(
                path, name: name, kind: kind, cased: cased, pattern: pattern, specialTokens: specialTokens
            ) { model throws(SubtokError) in
                guard directory, let configPath = ModelDirectory.file(TokenizerConfig.fileName, in: givenPath) else {
                    return model
                }
                return try TokenizerConfig(path: configPath).applied(to: model)
            }
        } catch {
            guard let kind, error.kind == .format else { throw SubtokError(error.kind, "\(name): \(error.message)") }
            throw SubtokError(
                .format, "\(name): read as \(kind.rawValue): \(error.message) (\(Self.contentDescription(path)))")
        }
        try self.init(copying: source)
    }

    /// What the file at `path` looks like (`TokenizerFileKind.describe` of its first bytes).
    private static func contentDescription(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "unreadable" }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 32)
        let n = head.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, 32) }
        return Array(head.prefix(max(n, 0))).withUnsafeBufferPointer { TokenizerFileKind.describe($0) }
    }

    /// The tokenizer in the file at `path` (named `name`), read as `kind` or as its content says;
    /// `configured` adds a model directory's settings to a SentencePiece model.
    private static func read(
        _ path: String, name: String, kind given: TokenizerFileKind?, cased: Bool, pattern: Split.KnownPattern?,
        specialTokens: [(String, UInt32)]?, configured: (Tokenizer) throws(SubtokError) -> Tokenizer
    ) throws(SubtokError) -> Tokenizer {
        if given == .gguf || (given == nil && GGUFMetadata.isGGUF(path: path)) {
            guard specialTokens == nil else { throw Self.specialTokensNeedRankFile(.gguf) }
            return try GGUFTokenizer.read(try GGUFMetadata(path: path))
        }
        let bytes = try readFile(path)
        return try bytes.withUnsafeBufferPointer { (b) throws(SubtokError) in
            guard let kind = given ?? TokenizerFileKind.sniff(name: name, b) else {
                throw SubtokError(
                    .format,
                    "not a tokenizer file Subtok can tell by its content: \(TokenizerFileKind.describe(b)); "
                        + "expected a JSON object (tokenizer.json, tekken.json, GPT-2 vocab.json), a SentencePiece model, tiktoken rank "
                        + "lines, BERT vocab.txt lines or GGUF (name the kind with --type: \(TokenizerFileKind.names))")
            }
            if specialTokens != nil, kind != .tiktoken { throw Self.specialTokensNeedRankFile(kind) }
            switch kind {
            case .gguf:
                throw SubtokError(.format, "not a GGUF file: \(TokenizerFileKind.describe(b))")
            case .gpt2Vocabulary:
                return try gpt2Vocabulary(b, path: path)
            case .bertVocabulary:
                return try BertVocabulary.read(b, cased: cased)
            case .tiktoken:
                return try TiktokenFile.read(
                    b, encoding: TiktokenFile.Encoding.named(name), pattern: pattern, specialTokens: specialTokens)
            case .sentencePiece:
                return try configured(try SentencePieceModelFile.read(b))
            case .tokenizerJSON, .tekken:
                let json = try JSONParser.parse(b)
                if given == .tekken || (given == nil && TekkenFile.matches(json)) { return try TekkenFile.read(json) }
                if given == nil, json["model"] == nil, merges(besideVocabularyAt: path) != nil {
                    return try gpt2Vocabulary(b, path: path)
                }
                return try TokenizerJSON.read(json)
            }
        }
    }

    /// The error for special tokens given with a file of `kind`, which names its own.
    private static func specialTokensNeedRankFile(_ kind: TokenizerFileKind) -> SubtokError {
        SubtokError(
            .invalidArgument,
            "special tokens can be given for a tiktoken rank file only (this is \(kind.rawValue), which names its own)")
    }

    /// The merges file beside a GPT-2 vocabulary at `path`: `merges.txt` (Hugging Face's name;
    /// `NAME-merges.txt` beside `NAME-vocab.json`) or `vocab.bpe` (OpenAI's, beside
    /// `encoder.json`), or nil when neither is there.
    private static func merges(besideVocabularyAt path: String) -> String? {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let base = directory.isEmpty ? "" : directory + "/"
        var candidates = [base + "merges.txt", base + "vocab.bpe"]
        if path.hasSuffix("vocab.json") {
            candidates.insert(String(path.dropLast("vocab.json".count)) + "merges.txt", at: 0)
        }
        return candidates.first { access($0, R_OK) == 0 }
    }

    /// A GPT-2 vocabulary (`vocab`, the file at `path`) with the merges beside it.
    private static func gpt2Vocabulary(
        _ vocab: UnsafeBufferPointer<UInt8>, path: String
    ) throws(SubtokError) -> Tokenizer {
        guard let mergesPath = merges(besideVocabularyAt: path) else {
            throw SubtokError(
                .io, "a GPT-2 vocabulary needs its merges beside it (merges.txt or vocab.bpe in the same directory)")
        }
        let merges = try readFile(mergesPath)
        return try merges.withUnsafeBufferPointer { (m) throws(SubtokError) in
            try VocabMerges.read(vocab: vocab, merges: m)
        }
    }

    /// Where `init(contentsOfFile:)` takes a tokenizer from, in words (`subtok info`): for a
    /// model directory, the file it picks and what `tokenizer_config.json` adds; for a GGUF file,
    /// its tokenizer model and pre-tokenizer name. Reads at most the config file or the GGUF
    /// header; "unreadable" parts are said so rather than thrown.
    public static func sourceDescription(of path: String) -> String {
        if ModelDirectory.isDirectory(path) {
            guard let file = try? ModelDirectory.tokenizerFile(in: path) else {
                return "a directory with no tokenizer file"
            }
            let name = file.split(separator: "/").last.map(String.init) ?? file
            guard !name.hasSuffix(".json"), let configPath = ModelDirectory.file(TokenizerConfig.fileName, in: path)
            else {
                return "\(name) in the directory"
            }
            guard let config = try? TokenizerConfig(path: configPath) else {
                return "\(name) in the directory; its \(TokenizerConfig.fileName) is unreadable"
            }
            return
                "\(name) in the directory, with \(TokenizerConfig.fileName): BOS \(config.addsBOS ? "added" : "not added"), EOS \(config.addsEOS ? "added" : "not added"), \(config.addedTokens.count) added tokens, special tokens found in text, dummy prefix \(config.legacy == true ? "on every part (legacy)" : "at the text's start")"
        }
        guard GGUFMetadata.isGGUF(path: path) else { return "a tokenizer file" }
        guard let metadata = try? GGUFMetadata(path: path) else { return "a GGUF file whose metadata is unreadable" }
        func text(_ key: String) -> String {
            if case let .string(value)? = metadata.values[key] { return value }
            return "none"
        }
        return
            "GGUF version \(metadata.version) (tokenizer metadata only): model \(text("tokenizer.ggml.model")), pre-tokenizer \(text("tokenizer.ggml.pre"))"
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
            try normalizer?.convertedDocument(of: self) ?? TokenizerJSON.write(self)
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
    guard fstat(fd, &info) == 0 else {
        throw SubtokError(.io, "cannot stat \(path): \(String(cString: strerror(errno)))")
    }
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
