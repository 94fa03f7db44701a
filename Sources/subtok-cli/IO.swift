import Glibc
import Subtok

/// Reads lines (without their `\n`) from stdin or files, in order, a block at a time.
struct LineReader {
    private var paths: [String]
    private var fd: Int32 = -1
    private var pending: [UInt8] = []
    /// Where the unread part of `pending` starts: lines are taken by moving it, and the read
    /// part is dropped once per refill, so reading is linear in the input.
    private var cursor = 0
    private var finished = false
    /// 1-based number of the last line returned, across all inputs.
    private(set) var lineNumber = 0

    /// Reads `paths` in order, or stdin when empty.
    init(paths: [String]) {
        self.paths = paths.isEmpty ? ["-"] : paths
    }

    /// The next block of up to `maxLines` lines (or about `maxBytes`), empty at the end.
    mutating func nextBlock(maxLines: Int = 16384, maxBytes: Int = 4 << 20) throws(SubtokError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var bytes = 0
        while lines.count < maxLines && bytes < maxBytes {
            guard let line = try nextLine() else { break }
            bytes += line.count
            lines.append(line)
        }
        return lines
    }

    private mutating func nextLine() throws(SubtokError) -> [UInt8]? {
        while true {
            let newline = pending.withUnsafeBufferPointer { b -> Int? in
                guard cursor < b.count, let base = b.baseAddress else { return nil }
                return memchr(base + cursor, 0x0A, b.count - cursor).map {
                    UnsafeRawPointer($0) - UnsafeRawPointer(base)
                }
            }
            if let newline {
                let line = Array(pending[cursor..<newline])
                cursor = newline + 1
                lineNumber += 1
                return line
            }
            if try !fill() {
                if cursor == pending.count { return nil }
                let line = Array(pending[cursor...])
                pending = []
                cursor = 0
                lineNumber += 1
                return line
            }
        }
    }

    /// Appends more input to `pending`; false at the end of all inputs.
    private mutating func fill() throws(SubtokError) -> Bool {
        while true {
            if fd < 0 {
                guard !paths.isEmpty else { return false }
                let path = paths.removeFirst()
                if path == "-" {
                    fd = 0
                } else {
                    fd = open(path, O_RDONLY | O_CLOEXEC)
                    guard fd >= 0 else {
                        throw SubtokError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
                    }
                }
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SubtokError(.io, "cannot read input: \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                if fd > 0 { close(fd) }
                fd = -1
                if cursor < pending.count && pending.last != 0x0A {
                    pending.append(0x0A)
                    return true
                }
                continue
            }
            pending.removeSubrange(..<cursor)
            cursor = 0
            pending.append(contentsOf: chunk[0..<n])
            return true
        }
    }
}

/// Buffered standard output.
struct Output {
    private var buffer: [UInt8] = []
    /// A running count a command sums as it writes (`encode --count --total`).
    var tally = 0

    mutating func write(_ text: String) { buffer.append(contentsOf: text.utf8) }
    mutating func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }
    mutating func write(byte: UInt8) { buffer.append(byte) }

    /// Writes a decimal number, allocating nothing.
    mutating func write(number: Int) {
        if number < 0 { buffer.append(0x2D) }
        let n = number.magnitude
        var divisor: UInt = 1
        while n / divisor >= 10 { divisor *= 10 }
        repeat {
            buffer.append(UInt8(truncatingIfNeeded: 0x30 + n / divisor % 10))
            divisor /= 10
        } while divisor > 0
    }

    /// Writes `text` as a JSON string: quoted, with `"`, `\\`, and control characters escaped.
    mutating func write(jsonString text: String) { JSON.appendQuoted(text, to: &buffer) }

    /// Sends the buffered bytes to stdout.
    mutating func flush() throws(SubtokError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + done, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SubtokError(.io, "cannot write output: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Handles input line `line` that failed with `error`: when `skipping`, names it on stderr
    /// and goes on (the caller writes its empty output line); otherwise writes out everything
    /// before it and throws the error with the line's number.
    mutating func reportInvalid(line: Int, _ error: SubtokError, skipping: Bool) throws(SubtokError) {
        guard skipping else {
            try flush()
            throw SubtokError(error.kind, "line \(line): \(error.message)")
        }
        printWarning("line \(line) skipped: \(error.message)")
    }

    /// One output line per input line of `reader`, written by `body`; a line `body` throws on is
    /// reported as `reportInvalid` says and left empty. Flushed a block of lines at a time.
    mutating func writeLines(
        from reader: inout LineReader, skippingInvalid: Bool,
        _ body: ([UInt8], inout Output) throws(SubtokError) -> Void
    ) throws(SubtokError) {
        while true {
            let firstLine = reader.lineNumber + 1
            let lines = try reader.nextBlock()
            if lines.isEmpty { break }
            for (k, line) in lines.enumerated() {
                do throws(SubtokError) {
                    try body(line, &self)
                } catch {
                    try reportInvalid(line: firstLine + k, error, skipping: skippingInvalid)
                }
                write(byte: 0x0A)
            }
            try flush()
        }
    }
}

/// Writes `tokenizer` as `tokenizer.json` to `path` (atomically), or to stdout for `-`.
func save(_ tokenizer: Tokenizer, to path: String) throws(SubtokError) {
    try checkJSONOutputName(path)
    guard path == "-" else { return try tokenizer.save(to: path) }
    var out = Output()
    out.write(try tokenizer.jsonText())
    try out.flush()
}

/// Refuses an output name whose suffix says a format other than the `tokenizer.json` written to
/// it: a `.model` file is read as a SentencePiece protobuf and a `.tiktoken` file as a rank file
/// by every other tool, and Subtok writes neither.
func checkJSONOutputName(_ path: String) throws(SubtokError) {
    for suffix in [".model", ".tiktoken"] where path.hasSuffix(suffix) {
        throw SubtokError(
            .invalidArgument,
            "\(path): subtok writes tokenizer.json, and other tools read a \(suffix) file "
                + "as another format (Subtok does not write that one); name the output .json")
    }
}

/// How progress lines name an output path: `-` is standard output.
func outputName(_ path: String) -> String { path == "-" ? "standard output" : path }

/// Prints `subtok: error: ...` on stderr.
func printError(_ message: String) {
    printDiagnostic("error: \(message)")
}

/// Prints `subtok: note: ...` on stderr.
func printNote(_ message: String) {
    printDiagnostic("note: \(message)")
}

/// Prints `subtok: warning: ...` on stderr.
func printWarning(_ message: String) {
    printDiagnostic("warning: \(message)")
}

private func printDiagnostic(_ message: String) {
    var line = Array("subtok: \(message)\n".utf8)
    _ = line.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
}
