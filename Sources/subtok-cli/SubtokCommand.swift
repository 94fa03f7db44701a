import ArgumentParser
import Subtok

@main
struct SubtokCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subtok",
        abstract: "Subword tokenizers: encode, decode, train, inspect and convert.",
        version: subtokVersion,
        subcommands: [Encode.self, Decode.self, Train.self, Count.self, Info.self, Convert.self]
    )
}
