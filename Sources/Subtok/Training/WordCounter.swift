import Dispatch
import Glibc

/// Streams a corpus through a `TrainingPipeline` into `WordCounts`, on several threads: texts
/// are buffered (about 4 MiB per thread) and each buffer is cut across the threads, each with
/// its own counts, merged at the end. Memory is the buffer plus the distinct words per thread.
///
/// Files are read as `tokenizers` reads them: one text per line, the line ending kept. Texts
/// that are not valid UTF-8 are skipped and counted in `skippedTexts`.
public final class WordCounter {
    /// The normalizer and pre-tokenizer applied to every text.
    public let pipeline: TrainingPipeline
    /// Bytes of text fed so far.
    public private(set) var bytesRead = 0
    /// Texts fed so far (lines, for files).
    public private(set) var texts = 0
    /// Texts skipped because they are not valid UTF-8.
    public private(set) var skippedTexts = 0

    private let workers: Int
    private let progress: TrainingProgress
    private var arena: [UInt8] = []
    private var ends: [Int] = []
    private var counts: [WordCounts]
    private let flushBytes: Int

    /// A counter over `pipeline` on `threads` threads (0: one per CPU this process may use), reporting to `progress`.
    public init(
        pipeline: TrainingPipeline, threads: Int = 0, progress: TrainingProgress = TrainingProgress(quiet: true)
    ) {
        self.pipeline = pipeline
        self.workers = Tokenizer.workerCount(threads)
        self.progress = progress
        self.counts = Array(repeating: WordCounts(), count: workers)
        self.flushBytes = workers * (4 << 20)
    }

    /// Adds one text (any bytes: invalid UTF-8 is skipped and counted).
    public func feed(text: UnsafeBufferPointer<UInt8>) throws(SubtokError) {
        arena.append(contentsOf: text)
        ends.append(arena.count)
        bytesRead += text.count
        texts += 1
        if arena.count >= flushBytes { try flush() }
    }

    /// Adds one text.
    public func feed(text: String) throws(SubtokError) {
        try Array(text.utf8).withUnsafeBufferPointer { (b) throws(SubtokError) in try feed(text: b) }
    }

    /// Adds every line of the file at `path` (`-`: stdin) as one text, its `\n` kept.
    /// Throws `io` when the file cannot be read.
    public func feed(file path: String) throws(SubtokError) {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SubtokError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { if fd != 0 { close(fd) } }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var carry: [UInt8] = []
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SubtokError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            try block.withUnsafeBufferPointer { (b) throws(SubtokError) in
                var start = 0
                let base = b.baseAddress!
                while start < n, let nl = memchr(base + start, 0x0A, n - start) {
                    let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
                    if carry.isEmpty {
                        try feed(text: UnsafeBufferPointer(rebasing: b[start..<end]))
                    } else {
                        carry.append(contentsOf: b[start..<end])
                        try carry.withUnsafeBufferPointer { (c) throws(SubtokError) in try feed(text: c) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = end
                }
                carry.append(contentsOf: b[start..<n])
            }
        }
        if !carry.isEmpty { try carry.withUnsafeBufferPointer { (c) throws(SubtokError) in try feed(text: c) } }
    }

    /// Counts what is still buffered and returns the merged counts of everything fed.
    public func finish() throws(SubtokError) -> WordCounts {
        try flush()
        var total = counts[0]
        for k in 1..<counts.count { try total.merge(counts[k]) }
        counts = Array(repeating: WordCounts(), count: workers)
        progress.report(
            force: true, phase: "count", done: bytesRead, total: bytesRead,
            "counted \(formatBytes(bytesRead)) in \(texts) texts: \(total.count) distinct words, \(total.total) in all\(skippedTexts > 0 ? ", \(skippedTexts) texts skipped (invalid UTF-8)" : "")"
        )
        return total
    }

    /// Counts the buffered texts, cut into one contiguous share per thread.
    private func flush() throws(SubtokError) {
        guard !ends.isEmpty else { return }
        let shares = min(workers, ends.count)
        var bounds = [0]
        for s in 1..<shares {
            let target = arena.count * s / shares
            var k = bounds.last!
            while k < ends.count && ends[k] < target { k += 1 }
            bounds.append(k)
        }
        bounds.append(ends.count)
        let pipeline = self.pipeline
        let results = UnsafeMutableBufferPointer<(WordCounts, Int, SubtokError?)>.allocate(capacity: shares)
        defer { results.deallocate() }
        let ends = self.ends
        var firstFailure: SubtokError?
        counts.withUnsafeMutableBufferPointer { counts in
            arena.withUnsafeBufferPointer { arena in
                let shared = SharedShares(arena: arena, ends: ends, bounds: bounds, counts: counts, results: results)
                DispatchQueue.concurrentPerform(iterations: shares) { s in
                    var local = shared.counts[s]
                    shared.counts[s] = WordCounts()
                    var skipped = 0
                    var failure: SubtokError?
                    var start = shared.bounds[s] == 0 ? 0 : shared.ends[shared.bounds[s] - 1]
                    for k in shared.bounds[s]..<shared.bounds[s + 1] {
                        let text = UnsafeBufferPointer(rebasing: shared.arena[start..<shared.ends[k]])
                        start = shared.ends[k]
                        if UTF8Bytes.firstInvalidOffset(text) != nil { skipped += 1; continue }
                        do throws(SubtokError) { try pipeline.countWords(text, into: &local) } catch {
                            failure = error; break
                        }
                    }
                    (shared.results.baseAddress! + s).initialize(to: (local, skipped, failure))
                }
            }
            for s in 0..<shares {
                let (local, skipped, failure) = (results.baseAddress! + s).move()
                counts[s] = local
                skippedTexts += skipped
                if firstFailure == nil { firstFailure = failure }
            }
        }
        if let firstFailure { throw firstFailure }
        arena.removeAll(keepingCapacity: true)
        self.ends.removeAll(keepingCapacity: true)
        progress.report(
            phase: "count", done: bytesRead,
            "counting: \(formatBytes(bytesRead)) read (\(formatBytes(Int(Double(bytesRead) / max(progress.elapsed, 1e-3))))/s), \(counts.map(\.count).max() ?? 0) distinct words per thread"
        )
    }
}

/// The buffers one flush shares with its threads; each thread touches only its own slots.
private struct SharedShares: @unchecked Sendable {
    let arena: UnsafeBufferPointer<UInt8>
    let ends: [Int]
    let bounds: [Int]
    let counts: UnsafeMutableBufferPointer<WordCounts>
    let results: UnsafeMutableBufferPointer<(WordCounts, Int, SubtokError?)>
}
