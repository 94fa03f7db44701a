import ArgumentParser

@main
struct SubtokCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subtok",
        abstract: "Subword tokenizers: encode, decode, train, inspect and convert.",
        version: "0.1.0",
        subcommands: [Encode.self, Decode.self, Train.self, Count.self, Info.self, Convert.self]
    )
}
