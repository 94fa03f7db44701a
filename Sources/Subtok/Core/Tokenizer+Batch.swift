import Dispatch
import Glibc
import Synchronization

extension Tokenizer {
    /// Encodes many texts on `threads` threads (0: one per core); results are in input order and
    /// equal to encoding each text alone. Texts are handed out in chunks of similar byte size,
    /// so one long text does not hold up the rest. O(total bytes / threads).
    public func encodeBatch(_ texts: [String], addSpecialTokens: Bool = true, threads: Int = 0, allowSpecial: Bool = false) -> [Encoding] {
        let special = matchesSpecial(allowSpecial)
        var encodings = Self.parallelMap(count: texts.count, weight: { texts[$0].utf8.count }, threads: threads) { k in
            var text = texts[k]
            return text.withUTF8 { encodeUnpadded($0, pair: nil, addSpecialTokens: addSpecialTokens, matchSpecial: special) }
        }
        padding?.apply(&encodings)
        return encodings
    }

    /// The number of worker threads `threads` asks for (0: the number of active cores), at most
    /// `Limits.maximumThreads`.
    static func workerCount(_ threads: Int) -> Int {
        threads > 0 ? min(threads, Limits.maximumThreads) : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Runs `body` for indices 0 ..< count on up to `threads` threads and collects the results in
    /// index order. Work is cut into chunks of about equal total `weight`, taken dynamically.
    static func parallelMap<T>(count: Int, weight: (Int) -> Int, threads: Int, _ body: (Int) -> T) -> [T] {
        let workers = min(workerCount(threads), max(count, 1))
        if workers <= 1 || count < 2 { return (0..<count).map(body) }
        var total = 0
        for k in 0..<count { total += weight(k) + 16 }
        let target = max(total / (workers * 16), 1)
        var bounds = [0]
        var acc = 0
        for k in 0..<count {
            acc += weight(k) + 16
            if acc >= target { bounds.append(k + 1); acc = 0 }
        }
        if bounds.last != count { bounds.append(count) }
        let results = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { results.baseAddress!.deinitialize(count: count); results.deallocate() }
        let next = Atomic<Int>(0)
        let chunks = bounds.count - 1
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(results: results, body: body, bounds: bounds)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let c = next.add(1, ordering: .relaxed).oldValue
                    if c >= chunks { break }
                    for k in box.bounds[c]..<box.bounds[c + 1] {
                        (box.results.baseAddress! + k).initialize(to: box.body(k))
                    }
                }
            }
        }
        return Array(results)
    }
}

/// Carries the non-Sendable pieces of a parallel map into worker closures; each index is
/// written by exactly one worker, and the caller waits for all of them.
private struct UnsafeSendable<T>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<T>
    let body: (Int) -> T
    let bounds: [Int]
}

/// Which text of a batch failed, and why.
public struct BatchFailure: Error, Sendable {
    /// The index of the first failing text.
    public let index: Int
    /// Its error.
    public let error: SubtokError
}

extension Tokenizer {
    /// Encodes many UTF-8 buffers on `threads` threads (0: one per core), in input order. Every
    /// buffer is validated first; the first invalid one is reported with its index and nothing
    /// is encoded.
    public func encodeBatch(
        utf8 texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool = true, threads: Int = 0, allowSpecial: Bool = false
    ) -> Result<[Encoding], BatchFailure> {
        let special = matchesSpecial(allowSpecial)
        for (k, text) in texts.enumerated() {
            do { try Self.validate(text) } catch { return .failure(BatchFailure(index: k, error: error)) }
        }
        var encodings = Self.parallelMap(count: texts.count, weight: { texts[$0].count }, threads: threads) { k in
            encodeUnpadded(texts[k], pair: nil, addSpecialTokens: addSpecialTokens, matchSpecial: special)
        }
        padding?.apply(&encodings)
        return .success(encodings)
    }
}

extension Tokenizer {
    /// Ids only for many UTF-8 buffers on `threads` threads (0: one per core), in input order;
    /// as `encodeIDs(utf8:)` for each. The first invalid buffer is reported with its index.
    public func encodeBatchIDs(
        utf8 texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool = true, threads: Int = 0, allowSpecial: Bool = false
    ) -> Result<[[UInt32]], BatchFailure> {
        let special = matchesSpecial(allowSpecial)
        for (k, text) in texts.enumerated() {
            do { try Self.validate(text) } catch { return .failure(BatchFailure(index: k, error: error)) }
        }
        if padding != nil {
            return encodeBatch(utf8: texts, addSpecialTokens: addSpecialTokens, threads: threads, allowSpecial: allowSpecial).map { $0.map(\.ids) }
        }
        return .success(Self.parallelMap(count: texts.count, weight: { texts[$0].count }, threads: threads) { k in
            encodeValidIDs(texts[k], addSpecialTokens: addSpecialTokens, matchSpecial: special)
        })
    }
}
