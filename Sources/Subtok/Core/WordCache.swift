import Glibc

/// A bounded cache from a short word's bytes to its tokens (id and byte length each) and one
/// number the model attaches (Unigram: the margin that makes the entry valid in a context),
/// shared by every thread using a model. Each entry is one 64-byte slot holding the word and
/// its tokens, so a look-up touches one cache line. Sixteen shards, each behind its own lock,
/// which a thread only tries to take: a busy shard means the word is computed instead, so
/// encoding never waits. Each shard is 4-way set associative, and a new word evicts the oldest
/// of its set, so frequent words stay. 1 MiB in all, so that it stays in cache: on this
/// project's benchmark machine memory past 2 MiB of random reads costs 9x more per read, and a
/// 4 MiB table that kept more words made encoding no faster than no cache. O(word length) per
/// look-up.
final class WordCache: Sendable {
    /// The longest word kept, in bytes.
    static let maximumWordBytes = 24
    /// The most tokens a kept word has.
    static let maximumTokens = 4

    /// The tokens of a cached word.
    struct Entry: Sendable {
        /// How many tokens.
        let count: Int
        fileprivate let packedIDs: (UInt64, UInt64)
        fileprivate let packedLengths: UInt64
        /// The model's number for the word.
        let tag: Float

        /// The id of token `k`.
        @inline(__always)
        func id(_ k: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: (k < 2 ? packedIDs.0 : packedIDs.1) >> (32 * UInt64(k & 1)))
        }

        /// The byte length of token `k`.
        @inline(__always)
        func length(_ k: Int) -> Int { Int(truncatingIfNeeded: (packedLengths >> (8 * UInt64(k))) & 0xFF) }
    }

    private let shards: [Shard]

    init() {
        shards = (0..<16).map { _ in Shard() }
    }

    /// A 64-bit FNV-1a hash of `p[0 ..< n]`, never 0.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3 }
        return h | 1
    }

    /// The entry of `p[0 ..< n]`, or nil when the word is absent or its shard is busy.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> Entry? {
        guard n <= Self.maximumWordBytes else { return nil }
        let shard = shards[Int(hash >> 60)]
        guard shard.tryLock() else { return nil }
        defer { shard.unlock() }
        return shard.table.find(p, n, hash: hash)
    }

    /// Keeps the tokens of `p[0 ..< n]` with `tag`, unless the word is too long, has too many
    /// tokens, or its shard is busy.
    func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, ids: UnsafeBufferPointer<UInt32>, lengths: UnsafeBufferPointer<UInt32>, tag: Float) {
        guard n <= Self.maximumWordBytes, ids.count <= Self.maximumTokens else { return }
        let shard = shards[Int(hash >> 60)]
        guard shard.tryLock() else { return }
        defer { shard.unlock() }
        shard.table.insert(p, n, hash: hash, ids: ids, lengths: lengths, tag: tag)
    }

    /// One shard and its lock: a pthread mutex, taken only with `pthread_mutex_trylock`, which
    /// ThreadSanitizer intercepts (it reported races between accesses made under
    /// `Synchronization.Mutex.withLockIfAvailable` on this toolchain). `table` is only touched
    /// while locked.
    private final class Shard: @unchecked Sendable {
        private let mutex: UnsafeMutablePointer<pthread_mutex_t>
        var table = Table()

        init() {
            mutex = .allocate(capacity: 1)
            pthread_mutex_init(mutex, nil)
        }

        deinit {
            pthread_mutex_destroy(mutex)
            mutex.deallocate()
        }

        @inline(__always)
        func tryLock() -> Bool { pthread_mutex_trylock(mutex) == 0 }

        @inline(__always)
        func unlock() { pthread_mutex_unlock(mutex) }
    }

    /// One shard: sets of `ways` slots of 8 words each: [0] the hash (0: empty), [1] the word's
    /// length, the token count << 8 and the tag's bits << 32, [2] the token lengths (8 bits
    /// each), [3], [4] the token ids (32 bits each), [5 ..< 8] the word's bytes. A set holds its
    /// newest word first; a new word pushes the others down and the oldest out.
    private struct Table {
        private static let ways = 4
        private static let sets = 256
        private var words = [UInt64](repeating: 0, count: 8 * Table.ways * Table.sets)

        /// The first slot of the set of `hash`, from bits 40 and up (apart from the shard's top four;
        /// FNV-1a mixes bits 32 ..< 40 poorly).
        @inline(__always)
        private static func firstSlot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 40) & (sets - 1) &* ways }

        @inline(__always)
        private func slot(_ p: UnsafePointer<UInt8>, _ n: Int, _ hash: UInt64) -> Int? {
            words.withUnsafeBufferPointer { w in
                let first = Table.firstSlot(hash)
                for s in first..<(first + Table.ways) {
                    let h = w[8 * s]
                    if h == 0 { return nil }
                    if h == hash, Int(w[8 * s + 1] & 0xFF) == n,
                       UnsafeRawPointer(w.baseAddress! + 8 * s + 5).withMemoryRebound(to: UInt8.self, capacity: n, { bytesEqual($0, p, n) }) {
                        return s
                    }
                }
                return nil
            }
        }

        func find(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> Entry? {
            guard let s = slot(p, n, hash) else { return nil }
            let meta = words[8 * s + 1]
            return Entry(count: Int((meta >> 8) & 0xFF), packedIDs: (words[8 * s + 3], words[8 * s + 4]),
                         packedLengths: words[8 * s + 2], tag: Float(bitPattern: UInt32(truncatingIfNeeded: meta >> 32)))
        }

        mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, ids: UnsafeBufferPointer<UInt32>,
                             lengths: UnsafeBufferPointer<UInt32>, tag: Float) {
            guard slot(p, n, hash) == nil else { return }
            var packedIDs: (UInt64, UInt64) = (0, 0)
            var packedLengths: UInt64 = 0
            for k in ids.indices {
                let shifted = UInt64(ids[k]) << (32 * UInt64(k & 1))
                if k < 2 { packedIDs.0 |= shifted } else { packedIDs.1 |= shifted }
                packedLengths |= UInt64(lengths[k]) << (8 * UInt64(k))
            }
            let s = Table.firstSlot(hash)
            words.withUnsafeMutableBufferPointer { w in
                let set = w.baseAddress! + 8 * s
                (set + 8).update(from: set, count: 8 * (Table.ways - 1))
                set[0] = hash
                set[1] = UInt64(n) | UInt64(ids.count) << 8 | UInt64(tag.bitPattern) << 32
                set[2] = packedLengths
                set[3] = packedIDs.0
                set[4] = packedIDs.1
                set[5] = 0; set[6] = 0; set[7] = 0
                UnsafeMutableRawPointer(set + 5).copyMemory(from: p, byteCount: n)
            }
        }
    }
}
