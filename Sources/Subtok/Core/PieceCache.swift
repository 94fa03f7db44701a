import CSubtokShim
import Glibc

/// A cache from a short piece's bytes (at most 16) to its token ids, shared by every thread that
/// uses a model, with no lock on reads. Four-way set associative: 32,768 sets of four 64-byte
/// slots (8 MiB, in transparent huge pages where the kernel grants them), each slot on its own
/// cache line, so a hit costs one to four adjacent lines, all prefetched: the key is the piece
/// as two masked 64-bit words and its length, compared with two loads, and up to eight ids sit
/// inline in the same line. (Direct-mapped, pieces that shared a slot evicted each other on
/// every use: on English 2.5% of pieces missed in a warm cache, and each miss costs a merge;
/// two-way, 0.7%; four-way, 0.08%.)
///
/// Each slot is guarded by a sequence lock: a writer claims the slot by moving its sequence word
/// from even to odd (one compare-and-exchange; a slot being written by another thread is left
/// alone), writes, and publishes by storing the next even number; a reader takes the entry only
/// when the sequence word was even and unchanged across its reads. All accesses to slot words
/// are atomic (plain moves on x86-64), so readers never see a torn entry and ThreadSanitizer
/// sees no race. A new piece goes to an empty way of its set, else to a way not used since the
/// set last lost a piece (a hit sets the slot's used bit, once), else every used bit of the set
/// is cleared and one way is picked by the piece's hash (CLOCK's second chance, so rare words
/// do not evict frequent ones). O(1) per look-up and insert.
/// (`@unchecked Sendable`: every access to the shared words goes through the atomics above.)
final class PieceCache: @unchecked Sendable {
    /// The longest piece kept, in bytes.
    static let maximumPieceBytes = 16
    /// The most tokens a kept piece has.
    static let maximumTokens = 8

    private static let setBits = 15
    private static let ways = 4
    private static let wordsPerSlot = 8
    private static let wordsPerSet = ways * wordsPerSlot
    /// Set in a slot's word 3 by the first hit after the slot was written or last spared.
    private static let usedBit: UInt64 = 1 << 16

    /// `1 << setBits` sets of `ways` slots of 8 words: [0] the sequence word, [1], [2] the piece's bytes
    /// (little-endian, zero past its end), [3] the piece's length | the token count << 8 |
    /// `usedBit`,
    /// [4 ..< 8] the ids, two per word (the first in the low half).
    private let words: UnsafeMutablePointer<UInt64>
    /// Whether `words` came from `mmap` (else from the allocator, when mapping failed).
    private let mapped: Bool

    private static var byteCount: Int { (Self.wordsPerSet << Self.setBits) * MemoryLayout<UInt64>.stride }

    /// An empty cache: every slot's length is 0, which no piece has. The 8 MiB are mapped, not
    /// written, so a model that is loaded and barely used costs only the pages it touches (on
    /// the benchmark machine, 8 MiB against 2 MiB encoded English 1.4x faster per line).
    init() {
        let memory = mmap(nil, Self.byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let memory, memory != MAP_FAILED {
            madvise(memory, Self.byteCount, MADV_HUGEPAGE)
            words = memory.assumingMemoryBound(to: UInt64.self)
            mapped = true
        } else {
            words = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.byteCount / 8)
            words.initialize(repeating: 0, count: Self.byteCount / 8)
            mapped = false
        }
    }

    deinit {
        if mapped { munmap(words, Self.byteCount) } else { words.deallocate() }
    }

    /// The cache key of a piece: its bytes as two little-endian words, zero past its end.
    struct Key {
        let low: UInt64
        let high: UInt64
        let count: Int
        /// A multiply-xorshift of both words and the length: its top bits pick the set.
        let hash: UInt64

        /// The key of the `n` bytes at `p` (1 ≤ n ≤ 16), reading at most up to `limit` (the end of
        /// the text): with 16 bytes readable, two unaligned loads and two masks, no branch on `n`;
        /// else byte by byte, out of line.
        @inline(__always)
        init(_ p: UnsafePointer<UInt8>, _ n: Int, limit: UnsafePointer<UInt8>) {
            guard limit - p >= 16 else {
                self = Key(copying: p, n)
                return
            }
            let raw = UnsafeRawPointer(p)
            let a = raw.loadUnaligned(as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let lowBytes = UInt64(truncatingIfNeeded: min(n, 8)), highBytes = UInt64(truncatingIfNeeded: max(n - 8, 0))
            let lowMask = ~UInt64(0) &>> (64 &- 8 &* lowBytes)
            let highMask = highBytes == 0 ? 0 : ~UInt64(0) &>> (64 &- 8 &* highBytes)
            self.init(low: a & lowMask, high: b & highMask, count: n)
        }

        /// The key of `n` bytes read one at a time (the last bytes of a text).
        @inline(never)
        private init(copying p: UnsafePointer<UInt8>, _ n: Int) {
            var a: UInt64 = 0, b: UInt64 = 0
            for k in 0..<min(n, 8) { a |= UInt64(p[k]) << UInt64(8 * k) }
            if n > 8 { for k in 8..<n { b |= UInt64(p[k]) << UInt64(8 * (k - 8)) } }
            self.init(low: a, high: b, count: n)
        }

        @inline(__always)
        private init(low: UInt64, high: UInt64, count: Int) {
            self.low = low
            self.high = high
            self.count = count
            var h = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
            h ^= h >> 31
            hash = h &* 0xBF58_476D_1CE4_E5B9
        }

        /// The set index.
        @inline(__always)
        var set: Int { Int(truncatingIfNeeded: hash >> UInt64(64 - PieceCache.setBits)) }
    }

    /// The first slot of the set of `key`.
    @inline(__always)
    private func firstSlot(_ key: Key) -> UnsafeMutablePointer<UInt64> { words + Self.wordsPerSet &* key.set }

    /// Starts loading the set of `key` (four cache lines) into the CPU's cache. O(1); reads nothing.
    @inline(__always)
    func prefetch(_ key: Key) {
        let set = firstSlot(key)
        for way in 0..<Self.ways { stshim_prefetch(set + way * Self.wordsPerSlot) }
    }

    /// Appends the cached ids of `key` to `ids` and returns how many, or returns 0 (a miss, or
    /// the slot is being written). O(tokens).
    @inline(__always)
    func lookup(_ key: Key, appendingTo ids: inout [UInt32]) -> Int {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumTokens) { buffer in
            let count = lookup(key, writingTo: buffer.baseAddress!)
            ids.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            return count
        }
    }

    /// Writes the cached ids of `key` to `ids` (room for `maximumTokens`) and returns how many,
    /// or returns 0 (a miss, or the slot is being written; `ids` may then hold anything). O(1):
    /// all eight id slots are copied.
    @inline(__always)
    func lookup(_ key: Key, writingTo ids: UnsafeMutablePointer<UInt32>) -> Int {
        let set = firstSlot(key)
        for way in 0..<Self.ways {
            let found = read(set + way * Self.wordsPerSlot, key, ids)
            if found > 0 { return found }
        }
        return 0
    }

    /// The ids of `key` from one slot, as `lookup`.
    @inline(__always)
    private func read(_ slot: UnsafeMutablePointer<UInt64>, _ key: Key, _ ids: UnsafeMutablePointer<UInt32>) -> Int {
        let sequence = stshim_load_acquire(slot)
        guard stshim_load_relaxed(slot + 1) == key.low, stshim_load_relaxed(slot + 2) == key.high else { return 0 }
        let meta = stshim_load_relaxed(slot + 3)
        guard Int(meta & 0xFF) == key.count else { return 0 }
        let raw = UnsafeMutableRawPointer(ids)
        for w in 0..<4 { raw.storeBytes(of: stshim_load_relaxed(slot + 4 + w), toByteOffset: 8 * w, as: UInt64.self) }
        stshim_fence_acquire()
        guard sequence & 1 == 0, stshim_load_relaxed(slot) == sequence else { return 0 }
        if meta & Self.usedBit == 0 { stshim_or_relaxed(slot + 3, Self.usedBit) }
        return Int((meta >> 8) & 0xFF)
    }

    /// The slot of `set` a new piece goes to: the first empty one, else the first not used since
    /// the set last lost a piece, else (every used bit cleared) one picked by the piece's hash.
    private func victim(_ set: UnsafeMutablePointer<UInt64>, _ key: Key) -> UnsafeMutablePointer<UInt64> {
        var unused: UnsafeMutablePointer<UInt64>?
        for way in 0..<Self.ways {
            let slot = set + way * Self.wordsPerSlot
            let meta = stshim_load_relaxed(slot + 3)
            if meta == 0 { return slot }
            if unused == nil, meta & Self.usedBit == 0 { unused = slot }
        }
        if let unused { return unused }
        for way in 0..<Self.ways { stshim_and_relaxed(set + way * Self.wordsPerSlot + 3, ~Self.usedBit) }
        return set + Int(truncatingIfNeeded: key.hash & UInt64(Self.ways - 1)) * Self.wordsPerSlot
    }

    /// Keeps `ids` (1 to `maximumTokens` of them) as the tokens of `key`, unless another thread is
    /// writing the slot. O(tokens).
    func insert(_ key: Key, ids: UnsafeBufferPointer<UInt32>) {
        guard !ids.isEmpty, ids.count <= Self.maximumTokens else { return }
        let slot = victim(firstSlot(key), key)
        let sequence = stshim_load_relaxed(slot)
        guard sequence & 1 == 0, stshim_compare_exchange(slot, sequence, sequence &+ 1) != 0 else { return }
        stshim_fence_release()
        var packed: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &packed) { raw in
            let p = raw.assumingMemoryBound(to: UInt32.self)
            for k in ids.indices { p[k] = ids[k] }
        }
        stshim_store_relaxed(slot + 1, key.low)
        stshim_store_relaxed(slot + 2, key.high)
        stshim_store_relaxed(slot + 3, UInt64(key.count) | UInt64(ids.count) << 8)
        stshim_store_relaxed(slot + 4, packed.0)
        stshim_store_relaxed(slot + 5, packed.1)
        stshim_store_relaxed(slot + 6, packed.2)
        stshim_store_relaxed(slot + 7, packed.3)
        stshim_store_release(slot, sequence &+ 2)
    }
}
