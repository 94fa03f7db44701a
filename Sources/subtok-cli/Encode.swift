import ArgumentParser
import Subtok

/// `subtok encode`: one output line per input line.
struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode text into token ids, one output line per input line.")

    /// Output shapes.
    enum Format: String, ExpressibleByArgument { case ids, tokens, jsonl }

    @OptionGroup var source: TokenizerOptions

    @Option(help: "ids: space-separated ids; tokens: space-separated tokens; jsonl: JSON in and out, with byte offsets.")
    var format: Format = .ids

    @Flag(help: "Do not add the post-processor's special tokens.")
    var noSpecial = false

    @Flag(help: "Match special tokens in the text even for tokenizers that read them as text (tiktoken rank files).")
    var allowSpecial = false

    @Option(help: "Worker threads (0: one per core).")
    var threads: Int = 0

    @Flag(help: "Print only the number of tokens of each line.")
    var count = false

    @Argument(help: "Input files (stdin when none).")
    var files: [String] = []

    func run() throws {
        try reportingErrors { () throws(SubtokError) in
            guard threads >= 0 else { throw SubtokError(.invalidArgument, "--threads must be 0 or more") }
            let t = try source.load()
            var reader = LineReader(paths: files)
            var out = Output()
            while true {
                let firstLine = reader.lineNumber + 1
                let lines = try reader.nextBlock()
                if lines.isEmpty { break }
                let inputs = try format == .jsonl ? JSONLines.texts(lines, firstLine: firstLine) : lines.map { ($0, nil) }
                if (count || format == .ids) && !inputs.contains(where: { $0.pair != nil }) {
                    for ids in try encodeIDs(t, inputs.map(\.text), firstLine: firstLine) { write(ids: ids, to: &out) }
                } else {
                    let encodings = try inputs.contains { $0.pair != nil }
                        ? encodePairs(t, inputs, firstLine: firstLine)
                        : encodeAll(t, inputs.map(\.text), firstLine: firstLine)
                    for e in encodings { write(e, to: &out) }
                }
                try out.flush()
            }
        }
    }

    private func encodeAll(_ t: Tokenizer, _ texts: [[UInt8]], firstLine: Int) throws(SubtokError) -> [Encoding] {
        try batch(texts, firstLine: firstLine) { buffers in
            t.encodeBatch(utf8: buffers, addSpecialTokens: !noSpecial, threads: threads, allowSpecial: allowSpecial)
        }
    }

    /// Ids only (the fast path for `--format ids` and `--count`).
    private func encodeIDs(_ t: Tokenizer, _ texts: [[UInt8]], firstLine: Int) throws(SubtokError) -> [[UInt32]] {
        try batch(texts, firstLine: firstLine) { buffers in
            t.encodeBatchIDs(utf8: buffers, addSpecialTokens: !noSpecial, threads: threads, allowSpecial: allowSpecial)
        }
    }

    /// Runs a batch call over `texts`, naming the input line of a failure.
    private func batch<T>(
        _ texts: [[UInt8]], firstLine: Int, _ call: ([UnsafeBufferPointer<UInt8>]) -> Result<[T], BatchFailure>
    ) throws(SubtokError) -> [T] {
        switch withBuffers(texts, call) {
        case let .success(results): return results
        case let .failure(failure):
            throw SubtokError(failure.error.kind, "line \(firstLine + failure.index): \(failure.error.message)")
        }
    }

    private func write(ids: [UInt32], to out: inout Output) {
        if count {
            out.write(number: ids.count)
        } else {
            for (k, id) in ids.enumerated() {
                if k > 0 { out.write(byte: 0x20) }
                out.write(number: Int(id))
            }
        }
        out.write(byte: 0x0A)
    }

    private func encodePairs(_ t: Tokenizer, _ inputs: [(text: [UInt8], pair: [UInt8]?)], firstLine: Int) throws(SubtokError) -> [Encoding] {
        var encodings: [Encoding] = []
        for (k, input) in inputs.enumerated() {
            do throws(SubtokError) {
                try input.text.withUnsafeBufferPointer { (a) throws(SubtokError) in
                    if let pair = input.pair {
                        try pair.withUnsafeBufferPointer { (b) throws(SubtokError) in
                            encodings.append(try t.encode(utf8: a, pair: b, addSpecialTokens: !noSpecial, allowSpecial: allowSpecial))
                        }
                    } else {
                        encodings.append(try t.encode(utf8: a, addSpecialTokens: !noSpecial, allowSpecial: allowSpecial))
                    }
                }
            } catch {
                throw SubtokError(error.kind, "line \(firstLine + k): \(error.message)")
            }
        }
        return encodings
    }

    private func write(_ e: Encoding, to out: inout Output) {
        if count || format == .ids {
            write(ids: e.ids, to: &out)
            return
        }
        switch format {
        case .ids:
            break
        case .tokens:
            out.write(e.tokens.joined(separator: " "))
        case .jsonl:
            out.write(JSONLines.encodingLine(e))
        }
        out.write(byte: 0x0A)
    }
}

/// Calls `body` with buffer views of `texts`, valid for the call.
func withBuffers<R>(_ texts: [[UInt8]], _ body: ([UnsafeBufferPointer<UInt8>]) -> R) -> R {
    var buffers: [UnsafeBufferPointer<UInt8>] = []
    buffers.reserveCapacity(texts.count)
    let flat = texts.flatMap { $0 }
    return flat.withUnsafeBufferPointer { all in
        var at = 0
        for text in texts {
            buffers.append(UnsafeBufferPointer(rebasing: all[at..<(at + text.count)]))
            at += text.count
        }
        return body(buffers)
    }
}
