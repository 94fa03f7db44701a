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

/// The tokenizer named by `-t`.
func loadTokenizer(_ path: String?) throws(SubtokError) -> Tokenizer {
    guard let path else {
        throw SubtokError(.invalidArgument, "no tokenizer given: pass -t TOKENIZER (a tokenizer.json or a GPT-2 vocab.json)")
    }
    return try Tokenizer(contentsOfFile: path)
}
