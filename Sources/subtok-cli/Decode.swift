import ArgumentParser
import Subtok

/// `subtok decode`: one output line per input line of ids.
struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode token ids back into text, one line per input line.",
        discussion: """
            JSONL (--format jsonl): each input line is an object {"ids":[...]}; each output line is \
            {"text":"..."}. Ids that decode to bytes that are not UTF-8 are written as U+FFFD.
            """)

    /// Input and output shapes.
    enum Format: String, ExpressibleByArgument { case ids, tokens, jsonl }

    @OptionGroup var source: TokenizerOptions

    @Option(
        help:
            "ids: space-separated ids in, text out; tokens: space-separated tokens in (what encode --format tokens writes, as spm_decode --input_format=piece), text out; jsonl: {\"ids\":[...]} in, {\"text\":...} out."
    )
    var format: Format = .ids

    @Flag(help: "Leave special tokens out of the text.")
    var skipSpecial = false

    @Argument(help: "Input files (stdin when none).")
    var files: [String] = []

    @Flag(
        help:
            "Skip lines that cannot be decoded: each is named on stderr and written as an empty line, so output lines stay aligned with input lines."
    )
    var skipInvalid = false

    func run() throws {
        try reportingErrors { () throws(SubtokError) in
            let t = try source.load()
            var reader = LineReader(paths: files)
            var out = Output()
            try out.writeLines(from: &reader, skippingInvalid: skipInvalid) { (line, out) throws(SubtokError) in
                let ids =
                    switch format {
                    case .ids: try Self.parseIDs(line)
                    case .tokens: try Self.tokenIDs(line, t)
                    case .jsonl: try JSONLines.ids(line)
                    }
                let text = try t.decode(ids, skipSpecialTokens: skipSpecial)
                out.write(format == .jsonl ? JSON.object([("text", .string(text))]).serialized() : text)
            }
        }
    }

    /// The ids of space-separated tokens; an unknown token is a format error naming it.
    static func tokenIDs(_ line: [UInt8], _ t: Tokenizer) throws(SubtokError) -> [UInt32] {
        var ids: [UInt32] = []
        for word in line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            let token = String(decoding: word, as: UTF8.self)
            guard let id = t.id(for: token) else {
                throw SubtokError(.format, "\"\(token)\" is not a token of this tokenizer")
            }
            ids.append(id)
        }
        return ids
    }

    /// Space-separated decimal ids.
    static func parseIDs(_ line: [UInt8]) throws(SubtokError) -> [UInt32] {
        var ids: [UInt32] = []
        for word in line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            guard let id = UInt32(String(decoding: word, as: UTF8.self)) else {
                throw SubtokError(.format, "\"\(String(decoding: word, as: UTF8.self))\" is not a token id")
            }
            ids.append(id)
        }
        return ids
    }
}
