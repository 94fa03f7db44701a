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

/// The tokenizer named by `-t`; `cased` keeps case for BERT `vocab.txt`, `pattern` names the
/// split pattern of a tiktoken rank file.
func loadTokenizer(_ path: String?, cased: Bool = false, pattern: Split.KnownPattern? = nil) throws(SubtokError) -> Tokenizer {
    guard let path else {
        throw SubtokError(.invalidArgument, "no tokenizer given: pass -t TOKENIZER (tokenizer.json, GPT-2 vocab.json, BERT vocab.txt or a .tiktoken file)")
    }
    return try Tokenizer(contentsOfFile: path, cased: cased, pattern: pattern)
}

extension Split.KnownPattern: ExpressibleByArgument {}

/// The options every command shares for choosing a tokenizer.
struct TokenizerOptions: ParsableArguments {
    @Option(name: [.short, .customLong("tokenizer")], help: "Tokenizer file: tokenizer.json, GPT-2 vocab.json (merges.txt beside it) or BERT vocab.txt.")
    var tokenizer: String?

    @Flag(help: "For a BERT vocab.txt: keep case and accents.")
    var cased = false

    @Option(help: "For a tiktoken rank file not named after a standard encoding: the split pattern (gpt2, cl100k, o200k).")
    var pattern: Split.KnownPattern?

    /// Loads the tokenizer.
    func load() throws(SubtokError) -> Tokenizer { try loadTokenizer(tokenizer, cased: cased, pattern: pattern) }
}
