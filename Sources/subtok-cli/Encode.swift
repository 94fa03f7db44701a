import ArgumentParser
import Subtok

/// `subtok encode`: one output line per input line.
struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode text into token ids, one output line per input line.",
        discussion: """
            JSONL (--format jsonl): each input line is a JSON string, or an object with "text" and \
            optionally "pair" (a second text, for pair templates). Each output line is
            {"ids":[...],"tokens":[...],"offsets":[[start,end],...]}
            with "type_ids":[...] added when some type id is not 0 (pairs) and "attention_mask":[...] \
            when some token is padding. Offsets are byte offsets into the input text's UTF-8; added \
            special tokens have [0,0].
            """)

    /// Output shapes.
    enum Format: String, ExpressibleByArgument { case ids, tokens, jsonl }

    @OptionGroup var source: TokenizerOptions

    @Option(
        help: "ids: space-separated ids; tokens: space-separated tokens; jsonl: JSON in and out, with byte offsets.")
    var format: Format = .ids

    @Flag(help: "Do not add the post-processor's special tokens.")
    var noSpecial = false

    @Flag(help: "Match special tokens in the text even for tokenizers that read them as text (tiktoken rank files).")
    var allowSpecial = false

    @Option(help: "Worker threads (0: one per CPU this process may use).")
    var threads: Int = 0

    @Flag(help: "Print only the number of tokens of each line.")
    var count = false

    @Flag(help: "With --count: print one number, the tokens of all lines together.")
    var total = false

    @Flag(
        help:
            "Skip lines that cannot be encoded (invalid UTF-8, bad JSON): each is named on stderr and written as an empty line, so output lines stay aligned with input lines."
    )
    var skipInvalid = false

    @Flag(help: "Do not pad, whatever the tokenizer file says.")
    var noPadding = false

    @Flag(help: "Do not truncate, whatever the tokenizer file says.")
    var noTruncation = false

    @Option(
        help:
            "Truncate encodings to this many tokens, special tokens included (the file's stride and strategy are kept)."
    )
    var maxLength: Int?

    @Option(
        help: ArgumentHelp(
            "Subword regularization, as spm_encode --alpha: draw each line's segmentation (Unigram: path scores times alpha; SentencePiece BPE: alpha is the chance to skip a merge).",
            valueName: "alpha"))
    var sample: Double?

    @Option(
        help:
            "With --sample, for Unigram: sample among the N best segmentations (2 to 512), or from all (-1, the default)."
    )
    var nbestSize: Int = -1

    @Option(
        help:
            "With --sample: the seed of the draws (the same seed and line give the same segmentation); default: fresh draws."
    )
    var seed: UInt64?

    @Option(
        help: ArgumentHelp(
            "Add <s> (bos) and </s> (eos) around each line, in place of the file's post-processor, as spm_encode --extra_options: bos, eos or bos:eos (--no-special leaves them out too).",
            valueName: "bos:eos"))
    var extra: String?

    @Option(
        help: ArgumentHelp(
            "Write the N best segmentations of each line (ids or tokens), best first and separated by tabs, as spm_encode --nbest_size (Unigram .model files; equal scores may come in another order).",
            valueName: "n"))
    var nbest: Int?

    @Argument(help: "Input files (stdin when none).")
    var files: [String] = []

    func run() throws {
        try reportingErrors { () throws(SubtokError) in
            guard threads >= 0 else { throw SubtokError(.invalidArgument, "--threads must be 0 or more") }
            guard !total || count else { throw SubtokError(.invalidArgument, "--total goes with --count") }
            let t = try withSettings(try source.load())
            var reader = LineReader(paths: files)
            var out = Output()
            if let nbest {
                try writeNBest(t, nbest, &reader, &out)
                return
            }
            while true {
                let firstLine = reader.lineNumber + 1
                let lines = try reader.nextBlock()
                if lines.isEmpty { break }
                var start = 0
                while let failure = encode(t, lines[start...], to: &out) {
                    try out.reportInvalid(line: firstLine + start + failure.index, failure.error, skipping: skipInvalid)
                    if !total { out.write(byte: 0x0A) }
                    start += failure.index + 1
                }
                try out.flush()
            }
            if total {
                out.write(number: out.tally)
                out.write(byte: 0x0A)
                try out.flush()
            }
        }
    }

    /// `--nbest`: each line's `n` best segmentations on one output line, tab-separated.
    private func writeNBest(
        _ t: Tokenizer, _ n: Int, _ reader: inout LineReader, _ out: inout Output
    ) throws(SubtokError) {
        guard format != .jsonl, !count, sample == nil else {
            throw SubtokError(.invalidArgument, "--nbest writes ids or tokens, without --count or --sample")
        }
        try out.writeLines(from: &reader, skippingInvalid: skipInvalid) { (line, out) throws(SubtokError) in
            let paths = try line.withUnsafeBufferPointer { (b) throws(SubtokError) in
                try t.nBest(utf8: b, count: n, addSpecialTokens: !noSpecial)
            }
            for (p, ids) in paths.enumerated() {
                if p > 0 { out.write(byte: 0x09) }
                for (i, id) in ids.enumerated() {
                    if i > 0 { out.write(byte: 0x20) }
                    if format == .tokens { out.write(t.token(for: id) ?? "") } else { out.write(number: Int(id)) }
                }
            }
        }
    }

    /// The tokenizer with `--extra`, `--no-padding`, `--no-truncation`, `--max-length` and
    /// `--sample` applied.
    private func withSettings(_ t: Tokenizer) throws(SubtokError) -> Tokenizer {
        let sized = try withLengthSettings(try withExtra(t))
        guard let sample else {
            if seed != nil { throw SubtokError(.invalidArgument, "--seed goes with --sample") }
            return sized
        }
        guard t.model.supportsSampling else {
            throw SubtokError(
                .invalidArgument,
                "--sample needs a Unigram or SentencePiece BPE model (this one is \(t.model.typeName))")
        }
        guard nbestSize < 0 || nbestSize >= 2 else {
            throw SubtokError(.invalidArgument, "--nbest-size must be -1 or 2 to 512")
        }
        return try sized.with(sampling: try Sampling(alpha: sample, nbestSize: nbestSize)).with(samplingSeed: seed)
    }

    /// The tokenizer with `--extra`'s boundary tokens, when given.
    private func withExtra(_ t: Tokenizer) throws(SubtokError) -> Tokenizer {
        guard let extra else { return t }
        let options = extra.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard !options.isEmpty, options.allSatisfy({ $0 == "bos" || $0 == "eos" }), Set(options).count == options.count
        else {
            throw SubtokError(.invalidArgument, "--extra takes bos, eos or bos:eos, found \"\(extra)\"")
        }
        return try t.withBoundaryTokens(
            bos: options.contains("bos") ? "<s>" : nil, eos: options.contains("eos") ? "</s>" : nil)
    }

    /// The tokenizer with `--no-padding`, `--no-truncation` and `--max-length` applied.
    private func withLengthSettings(_ t: Tokenizer) throws(SubtokError) -> Tokenizer {
        if noTruncation && maxLength != nil {
            throw SubtokError(.invalidArgument, "--max-length and --no-truncation contradict each other")
        }
        if let maxLength, maxLength < 1 { throw SubtokError(.invalidArgument, "--max-length must be 1 or more") }
        guard noPadding || noTruncation || maxLength != nil else { return t }
        var truncation = noTruncation ? nil : t.truncation
        if let maxLength {
            if truncation == nil { truncation = Truncation(maxLength: maxLength) }
            truncation!.maxLength = maxLength
            if truncation!.stride >= maxLength {
                throw SubtokError(
                    .invalidArgument,
                    "--max-length \(maxLength) must be above the file's truncation stride \(truncation!.stride)")
            }
        }
        return try t.with(truncation: truncation, padding: noPadding ? nil : t.padding)
    }

    /// Encodes `lines` and writes their output lines up to the first line that cannot be
    /// encoded; returns that line (its index within `lines`) and its error, or nil when every
    /// line was written.
    private func encode(_ t: Tokenizer, _ lines: ArraySlice<[UInt8]>, to out: inout Output) -> BatchFailure? {
        var inputs: [(text: [UInt8], pair: [UInt8]?)] = []
        var unreadable: BatchFailure?
        if format == .jsonl {
            inputs.reserveCapacity(lines.count)
            for (k, line) in lines.enumerated() {
                do throws(SubtokError) { inputs.append(try JSONLines.text(line)) } catch {
                    unreadable = BatchFailure(index: k, error: error)
                    break
                }
            }
        } else {
            inputs = lines.map { ($0, nil) }
        }
        let failure: BatchFailure?
        if inputs.contains(where: { $0.pair != nil }) {
            failure = encodePairs(t, inputs, to: &out)
        } else if count || format == .ids {
            failure = encodeBatch(
                inputs.map(\.text),
                {
                    t.encodeBatchIDs(
                        utf8: $0, addSpecialTokens: !noSpecial, threads: threads, allowSpecial: allowSpecial)
                }
            ) {
                write(ids: $0, to: &out)
            }
        } else {
            failure = encodeBatch(
                inputs.map(\.text),
                { t.encodeBatch(utf8: $0, addSpecialTokens: !noSpecial, threads: threads, allowSpecial: allowSpecial) }
            ) {
                write($0, to: &out)
            }
        }
        return failure ?? unreadable
    }

    /// Runs the batch call `call` over `texts` and hands each result to `write`; when a text
    /// fails, the texts before it are encoded again (without it) and written, and its failure
    /// is returned.
    private func encodeBatch<T>(
        _ texts: [[UInt8]], _ call: ([UnsafeBufferPointer<UInt8>]) -> Result<[T], BatchFailure>, write: (T) -> Void
    ) -> BatchFailure? {
        switch withBuffers(texts, call) {
        case let .success(results):
            results.forEach(write)
            return nil
        case let .failure(failure):
            if case let .success(results) = withBuffers(Array(texts[..<failure.index]), call) { results.forEach(write) }
            return failure
        }
    }

    private func write(ids: [UInt32], to out: inout Output) {
        if total {
            out.tally += ids.count
            return
        }
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

    /// Encodes inputs that hold pairs one at a time, writing each, up to the first failure.
    private func encodePairs(
        _ t: Tokenizer, _ inputs: [(text: [UInt8], pair: [UInt8]?)], to out: inout Output
    ) -> BatchFailure? {
        for (k, input) in inputs.enumerated() {
            do throws(SubtokError) {
                let e = try input.text.withUnsafeBufferPointer { (a) throws(SubtokError) in
                    guard let pair = input.pair else {
                        return try t.encode(utf8: a, addSpecialTokens: !noSpecial, allowSpecial: allowSpecial)
                    }
                    return try pair.withUnsafeBufferPointer { (b) throws(SubtokError) in
                        try t.encode(utf8: a, pair: b, addSpecialTokens: !noSpecial, allowSpecial: allowSpecial)
                    }
                }
                write(e, to: &out)
            } catch {
                return BatchFailure(index: k, error: error)
            }
        }
        return nil
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
            for k in e.ids.indices {
                if k > 0 { out.write(byte: 0x20) }
                out.write(e.token(at: k))
            }
        case .jsonl:
            JSONLines.writeEncodingLine(e, to: &out)
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
