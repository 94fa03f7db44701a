import ArgumentParser
import Subtok

/// `subtok convert`: any readable format to `tokenizer.json`.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Convert any readable tokenizer file to tokenizer.json.")

    @OptionGroup var source: TokenizerOptions

    @Option(
        name: [.short, .customLong("output")], help: "Where to write tokenizer.json (written atomically; - for stdout)."
    )
    var output: String

    func run() throws {
        try reportingErrors { () throws(SubtokError) in
            try save(try source.load(), to: output)
        }
    }
}
