import ArgumentParser
import Subtok

/// Runs a command body, printing a thrown `SubtokError` as one line on stderr and exiting 1.
func reportingErrors(_ body: () throws(SubtokError) -> Void) throws {
    do {
        try body()
    } catch {
        printError(error.message)
        throw ExitCode(1)
    }
}

/// What the tokenizer used without `-t` is.
let builtInSampleName = "the built-in 8,000-token byte-level sample (vocab-samples/byte-bpe.json)"

/// The tokenizer named by `-t`, or the embedded default (vocab-samples/byte-bpe.json) without
/// one, said on stderr unless `quietDefault`; `cased` keeps case for BERT `vocab.txt`, `pattern`
/// names the split pattern of a tiktoken rank file.
func loadTokenizer(
    _ path: String?, cased: Bool = false, pattern: Split.KnownPattern? = nil, kind: TokenizerFileKind? = nil,
    specialTokensFile: String? = nil, quietDefault: Bool = false
) throws(SubtokError) -> Tokenizer {
    guard let path else {
        if !quietDefault { printNote("no -t given: using \(builtInSampleName)") }
        return try Array(defaultTokenizerJSON.utf8).withUnsafeBufferPointer { (b) throws(SubtokError) in
            try Tokenizer.fromJSONBytes(b)
        }
    }
    let specialTokens = try specialTokensFile.map { (file) throws(SubtokError) in
        try TiktokenFile.specialTokens(contentsOfFile: file)
    }
    return try Tokenizer(contentsOfFile: path, cased: cased, pattern: pattern, kind: kind, specialTokens: specialTokens)
}

extension Split.KnownPattern: ExpressibleByArgument {}
extension TokenizerFileKind: ExpressibleByArgument {}

/// The options every command shares for choosing a tokenizer.
struct TokenizerOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("tokenizer")],
        help:
            "Tokenizer file or model directory, told by its content: tokenizer.json, tekken.json, SentencePiece .model, GPT-2 vocab.json or encoder.json (merges beside it), BERT vocab.txt, a tiktoken rank file or GGUF. Default: the built-in byte-level sample (vocab-samples/byte-bpe.json)."
    )
    var tokenizer: String?

    @Flag(help: "For a BERT vocab.txt: keep case and accents.")
    var cased = false

    @Option(
        help:
            "For a tiktoken rank file: the split pattern (gpt2, cl100k, llama3, qwen2, qwen35, o200k, tekken), in place of the one its name or size gives."
    )
    var pattern: Split.KnownPattern?

    @Option(
        name: .customLong("type"),
        help: ArgumentHelp(
            "Read the -t file as this kind whatever its name and content: \(TokenizerFileKind.names). Default: by content.",
            valueName: "kind"))
    var kind: TokenizerFileKind?

    @Option(
        name: .customLong("special-tokens"),
        help: ArgumentHelp(
            "For a tiktoken rank file: its special tokens, a JSON object of token strings and ids ({\"<|endoftext|>\": 100257}), in place of those its name or size gives.",
            valueName: "file.json"))
    var specialTokensFile: String?

    /// Loads the tokenizer; without `-t`, the built-in sample, said on stderr unless `quietDefault`.
    func load(quietDefault: Bool = false) throws(SubtokError) -> Tokenizer {
        try loadTokenizer(
            tokenizer, cased: cased, pattern: pattern, kind: kind, specialTokensFile: specialTokensFile,
            quietDefault: quietDefault)
    }
}
