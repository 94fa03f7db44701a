import CSubtokShim
import Dispatch
import Glibc
import Synchronization

extension Tokenizer {
    /// Encodes many texts on `threads` threads (0: one per CPU this process may use); results are in input order and
    /// equal to encoding each text alone. Texts are handed out in chunks of similar byte size,
    /// so one long text does not hold up the rest. O(total bytes / threads).
    public func encodeBatch(
        _ texts: [String], addSpecialTokens: Bool = true, threads: Int = 0, allowSpecial: Bool = false
    ) -> [Encoding] {
        let special = matchesSpecial(allowSpecial)
        var encodings = Self.parallelMap(count: texts.count, weight: { texts[$0].utf8.count }, threads: threads) { k in
            var text = texts[k]
            return text.withUTF8 {
                encodeUnpadded($0, pair: nil, addSpecialTokens: addSpecialTokens, matchSpecial: special)
            }
        }
        padding?.apply(&encodings)
        return encodings
    }

    /// The number of worker threads `threads` asks for (0: `availableProcessors`), at most
    /// `Limits.maximumThreads`.
    static func workerCount(_ threads: Int) -> Int {
        min(threads > 0 ? threads : availableProcessors, Limits.maximumThreads)
    }

    /// The CPUs this process may use, read once: the affinity mask (`taskset`, a scheduler's
    /// CPU set) capped by the cgroup's CPU quota (a container's `--cpus`). What `threads: 0` means.
    public static let availableProcessors = Int(stshim_available_cpus())

    /// Runs `body` for indices 0 ..< count on up to `threads` threads and collects the results in
    /// index order. Work is cut into chunks of about equal total `weight`, taken dynamically.
    static func parallelMap<T>(count: Int, weight: (Int) -> Int, threads: Int, _ body: (Int) -> T) -> [T] {
        let parts = parallelChunks(count: count, weight: weight, threads: threads) { range in range.map(body) }
        return parts.count == 1 ? parts[0] : Array(parts.joined())
    }

    /// Cuts indices 0 ..< count into chunks of about equal total `weight` (one chunk when a
    /// single worker runs), runs `body` on each chunk on up to `threads` threads, chunks taken
    /// dynamically, and returns the chunks' results in order.
    static func parallelChunks<T>(count: Int, weight: (Int) -> Int, threads: Int, _ body: (Range<Int>) -> T) -> [T] {
        let workers = min(workerCount(threads), max(count, 1))
        if workers <= 1 || count < 2 { return [body(0..<count)] }
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
        let chunks = bounds.count - 1
        let results = UnsafeMutableBufferPointer<T>.allocate(capacity: chunks)
        defer { results.baseAddress!.deinitialize(count: chunks); results.deallocate() }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(results: results, body: body, bounds: bounds)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let c = next.add(1, ordering: .relaxed).oldValue
                    if c >= chunks { break }
                    (box.results.baseAddress! + c).initialize(to: box.body(box.bounds[c]..<box.bounds[c + 1]))
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
    let body: (Range<Int>) -> T
    let bounds: [Int]
}

/// The ids of a batch in one array: text k's ids are `ids[starts[k] ..< starts[k + 1]]`.
public struct BatchIDs: Sendable {
    /// Every text's ids, in input order.
    public var ids: [UInt32]
    /// Where each text's ids begin, and (last) the total: one more entry than texts.
    public var starts: [Int]
}

/// Which text of a batch failed, and why.
public struct BatchFailure: Error, Sendable {
    /// The index of the first failing text.
    public let index: Int
    /// Its error.
    public let error: SubtokError

    /// A failure of the text at `index`.
    public init(index: Int, error: SubtokError) {
        self.index = index
        self.error = error
    }
}

extension Tokenizer {
    /// Encodes many UTF-8 buffers on `threads` threads (0: one per CPU this process may use), in input order. Every
    /// buffer is validated first; the first invalid one is reported with its index and nothing
    /// is encoded.
    public func encodeBatch(
        utf8 texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool = true, threads: Int = 0,
        allowSpecial: Bool = false
    ) -> Result<[Encoding], BatchFailure> {
        encodeBatch(
            utf8: texts, pairs: nil, addSpecialTokens: addSpecialTokens, threads: threads, allowSpecial: allowSpecial)
    }

    /// `encodeBatch(utf8:)` where text k has the pair `pairs[k]` when that is not nil (`pairs`
    /// nil: no pairs; else as many entries as texts), as `tokenizers`' `encode_batch` of a list
    /// mixing texts and (text, pair) tuples; batch padding covers all of them.
    public func encodeBatch(
        utf8 texts: [UnsafeBufferPointer<UInt8>], pairs: [UnsafeBufferPointer<UInt8>?]?, addSpecialTokens: Bool = true,
        threads: Int = 0, allowSpecial: Bool = false
    ) -> Result<[Encoding], BatchFailure> {
        let special = matchesSpecial(allowSpecial)
        if let pairs, pairs.count != texts.count {
            return .failure(
                BatchFailure(
                    index: min(pairs.count, texts.count),
                    error: SubtokError(.invalidArgument, "\(texts.count) texts but \(pairs.count) pairs")))
        }
        for (k, text) in texts.enumerated() {
            do {
                try Self.validate(text)
                if let pair = pairs?[k] { try Self.validate(pair) }
            } catch {
                return .failure(BatchFailure(index: k, error: error))
            }
        }
        var encodings = Self.parallelMap(
            count: texts.count, weight: { texts[$0].count + (pairs?[$0]?.count ?? 0) }, threads: threads
        ) { k in
            encodeUnpadded(texts[k], pair: pairs?[k], addSpecialTokens: addSpecialTokens, matchSpecial: special)
        }
        padding?.apply(&encodings)
        return .success(encodings)
    }
}

extension Tokenizer {
    /// Ids only for many UTF-8 buffers on `threads` threads (0: one per CPU this process may use), in input order;
    /// as `encodeIDs(utf8:)` for each. The first invalid buffer is reported with its index.
    public func encodeBatchIDs(
        utf8 texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool = true, threads: Int = 0,
        allowSpecial: Bool = false
    ) -> Result<[[UInt32]], BatchFailure> {
        let special = matchesSpecial(allowSpecial)
        for (k, text) in texts.enumerated() {
            do { try Self.validate(text) } catch { return .failure(BatchFailure(index: k, error: error)) }
        }
        guard let padding else {
            return .success(
                Self.parallelMap(count: texts.count, weight: { texts[$0].count }, threads: threads) { k in
                    encodeValidIDs(texts[k], addSpecialTokens: addSpecialTokens, matchSpecial: special)
                })
        }
        var lists = Self.parallelMap(count: texts.count, weight: { texts[$0].count }, threads: threads) {
            k -> [UInt32]? in
            var ids: [UInt32] = []
            return appendShapedIDs(
                texts[k], addSpecialTokens: addSpecialTokens, matchSpecial: special, padded: false, to: &ids)
                ? ids : nil
        }
        guard lists.allSatisfy({ $0 != nil }) else {
            return encodeBatch(
                utf8: texts, addSpecialTokens: addSpecialTokens, threads: threads, allowSpecial: allowSpecial
            ).map { $0.map(\.ids) }
        }
        // Batch padding over every text, as `Padding.apply` pads encodings.
        let length = padding.targetLength(0, longest: lists.map { $0!.count }.max() ?? 0)
        for k in lists.indices { Self.pad(&lists[k]!, from: 0, to: length, with: padding) }
        return .success(lists.map { $0! })
    }
}

extension Tokenizer {
    /// Ids only for many UTF-8 buffers on `threads` threads (0: one per CPU this process may use), in one array
    /// (`BatchIDs`); as `encodeIDs(utf8:)` for each. The first invalid buffer is reported with its index.
    /// O(total bytes / threads), plus one copy of the ids when more than one worker ran.
    public func encodeBatchIDsFlat(
        utf8 texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool = true, threads: Int = 0,
        allowSpecial: Bool = false
    ) -> Result<BatchIDs, BatchFailure> {
        encodeBatchIDParts(
            utf8: texts, addSpecialTokens: addSpecialTokens, threads: threads, allowSpecial: allowSpecial
        ).map { parts in
            if parts.count == 1 { return parts[0] }
            var result = BatchIDs(ids: [], starts: [0])
            result.ids.reserveCapacity(parts.reduce(0) { $0 + $1.ids.count })
            result.starts.reserveCapacity(texts.count + 1)
            for part in parts {
                let base = result.ids.count
                result.ids.append(contentsOf: part.ids)
                for end in part.starts.dropFirst() { result.starts.append(base + end) }
            }
            return result
        }
    }

    /// The batch's ids as consecutive parts, one per chunk of texts a worker took (each part's
    /// `starts` begin at 0): what `encodeBatchIDsFlat` joins, for a caller that copies them
    /// into memory of its own once. Each worker validates and encodes its chunk into one
    /// growing array, so no array is made per text. O(total bytes / threads).
    package func encodeBatchIDParts(
        utf8 texts: [UnsafeBufferPointer<UInt8>], addSpecialTokens: Bool, threads: Int, allowSpecial: Bool
    ) -> Result<[BatchIDs], BatchFailure> {
        if padding != nil {
            return encodeBatchIDs(
                utf8: texts, addSpecialTokens: addSpecialTokens, threads: threads, allowSpecial: allowSpecial
            )
            .map { lists in
                [
                    BatchIDs(
                        ids: Array(lists.joined()), starts: lists.reduce(into: [0]) { $0.append($0.last! + $1.count) })
                ]
            }
        }
        let special = matchesSpecial(allowSpecial)
        let chunks = Self.parallelChunks(count: texts.count, weight: { texts[$0].count }, threads: threads) {
            range -> Result<BatchIDs, BatchFailure> in
            var part = BatchIDs(ids: [], starts: [0])
            part.ids.reserveCapacity(range.reduce(0) { $0 + texts[$1].count / 3 + 4 })
            part.starts.reserveCapacity(range.count + 1)
            for k in range {
                do throws(SubtokError) { try Self.validate(texts[k]) } catch {
                    return .failure(BatchFailure(index: k, error: error))
                }
                encodeValidIDs(
                    texts[k], addSpecialTokens: addSpecialTokens, matchSpecial: special, appendingTo: &part.ids)
                part.starts.append(part.ids.count)
            }
            return .success(part)
        }
        var parts: [BatchIDs] = []
        parts.reserveCapacity(chunks.count)
        for chunk in chunks {
            switch chunk {
            case let .success(part): parts.append(part)
            case let .failure(failure): return .failure(failure)
            }
        }
        return .success(parts)
    }
}
