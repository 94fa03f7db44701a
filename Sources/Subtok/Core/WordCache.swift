import CSubtokShim
import Glibc

/// A bounded cache from a short word's bytes to its tokens (id and byte length each) and one
/// number the model attaches (Unigram: the running totals under which the entry holds),
/// shared by every thread using a model. Each entry is one 64-byte slot holding the word and
/// its tokens, so a look-up touches one cache line. Sixteen shards, each behind its own lock,
/// which a thread only tries to take: a busy shard means the word is computed instead, so
/// encoding never waits. Each shard is 4-way set associative, and a new word evicts the oldest
/// of its set, so frequent words stay. 2 MiB in all (32,768 words). On the benchmark machine a
/// random read past about 2 MiB goes to memory (170 ns against 18 ns), so the caller prefetches
/// a word's set one word ahead (`prefetch`); with that, 2 MiB encoded 5–9% faster than 1 MiB
/// and 4 MiB only 2–3% faster again. The table is aligned to 2 MiB and marked for a
/// transparent huge page (one TLB entry instead of 512), which measured 2–4% faster where the
/// kernel grants it. O(word length) per look-up. (`@unchecked Sendable`: slots are only read
/// or written under their shard's lock.)
final class WordCache: @unchecked Sendable {
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

    private static let shards = 16
    private static let ways = 4
    private static let sets = 512
    /// The bytes between two shards' locks (one cache line, so threads on different shards do
    /// not contend for one line).
    private static let lockStride = 64

    /// Every shard's slots, one after the other: `shards · sets · ways` slots of 8 words.
    private let words: UnsafeMutablePointer<UInt64>
    /// One lock byte per shard, `lockStride` bytes apart, taken with `stshim_try_lock` (one
    /// atomic exchange) and released with a plain release store; raw memory so that a look-up
    /// retains nothing.
    private let locks: UnsafeMutableRawPointer

    init() {
        let count = 8 * Self.shards * Self.sets * Self.ways
        let bytes = count * MemoryLayout<UInt64>.stride
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 1 << 21)
        madvise(memory, bytes, MADV_HUGEPAGE)
        words = memory.initializeMemory(as: UInt64.self, repeating: 0, count: count)
        locks = .allocate(byteCount: Self.shards * Self.lockStride, alignment: Self.lockStride)
        locks.initializeMemory(as: UInt8.self, repeating: 0, count: Self.shards * Self.lockStride)
    }

    deinit {
        locks.deallocate()
        UnsafeMutableRawPointer(words).deallocate()
    }

    @inline(__always)
    private func lock(_ shard: Int) -> UnsafeMutablePointer<UInt8> {
        (locks + shard * Self.lockStride).assumingMemoryBound(to: UInt8.self)
    }

    /// A 64-bit hash of `p[0 ..< n]` for a word of at most `maximumWordBytes` bytes, never 0:
    /// the bytes as at most three overlapping 64-bit words (all inside the word, so nothing past
    /// it is read), each times its own odd constant, with the length, then mixed. O(1), with no
    /// chain of dependent multiplies as in a byte-at-a-time hash.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0
        if n >= 8 {
            a = raw.loadUnaligned(as: UInt64.self)
            b = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            if n > 16 { c = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        } else if n >= 4 {
            a = UInt64(raw.loadUnaligned(as: UInt32.self))
            b = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        } else if n > 0 {
            a = UInt64(p[0]) | UInt64(p[n / 2]) << 8 | UInt64(p[n - 1]) << 16
        }
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ (c &* 0x1656_67B1_9E37_79F9) ^ UInt64(n)
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h | 1
    }

    /// Starts loading the set of `hash` into the CPU's cache, so that a look-up made a little
    /// later does not wait for memory. O(1); no lock needed (only the set's address is read).
    @inline(__always)
    func prefetch(hash: UInt64) { stshim_prefetch(firstSlot(hash)) }

    /// The entry of `p[0 ..< n]`, or nil when the word is absent or its shard is busy.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> Entry? {
        guard n <= Self.maximumWordBytes else { return nil }
        let shard = Int(hash >> 60)
        guard stshim_try_lock(lock(shard)) != 0 else { return nil }
        defer { stshim_unlock(lock(shard)) }
        guard let slot = slot(p, n, hash) else { return nil }
        let meta = slot[1]
        return Entry(count: Int((meta >> 8) & 0xFF), packedIDs: (slot[3], slot[4]), packedLengths: slot[2],
                     tag: Float(bitPattern: UInt32(truncatingIfNeeded: meta >> 32)))
    }

    /// Keeps the tokens of `p[0 ..< n]` with `tag`, unless the word is too long, has too many
    /// tokens, or its shard is busy. The word goes first in its set; the set's oldest word
    /// drops out.
    func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, ids: UnsafeBufferPointer<UInt32>, lengths: UnsafeBufferPointer<UInt32>, tag: Float) {
        guard n <= Self.maximumWordBytes, ids.count <= Self.maximumTokens else { return }
        let shard = Int(hash >> 60)
        guard stshim_try_lock(lock(shard)) != 0 else { return }
        defer { stshim_unlock(lock(shard)) }
        guard slot(p, n, hash) == nil else { return }
        var packedIDs: (UInt64, UInt64) = (0, 0)
        var packedLengths: UInt64 = 0
        for k in ids.indices {
            let shifted = UInt64(ids[k]) << (32 * UInt64(k & 1))
            if k < 2 { packedIDs.0 |= shifted } else { packedIDs.1 |= shifted }
            packedLengths |= UInt64(lengths[k]) << (8 * UInt64(k))
        }
        let set = firstSlot(hash)
        (set + 8).update(from: set, count: 8 * (Self.ways - 1))
        set[0] = hash
        set[1] = UInt64(n) | UInt64(ids.count) << 8 | UInt64(tag.bitPattern) << 32
        set[2] = packedLengths
        set[3] = packedIDs.0
        set[4] = packedIDs.1
        set[5] = 0; set[6] = 0; set[7] = 0
        UnsafeMutableRawPointer(set + 5).copyMemory(from: p, byteCount: n)
    }

    /// The first slot of the set of `hash`: the shard from the top four bits, the set from bits
    /// 40 and up. A slot is 8 words: [0] the hash (0: empty), [1] the word's length, the token
    /// count << 8 and the tag's bits << 32, [2] the token lengths (8 bits each), [3], [4] the
    /// token ids (32 bits each), [5 ..< 8] the word's bytes. A set holds its newest word first.
    @inline(__always)
    private func firstSlot(_ hash: UInt64) -> UnsafeMutablePointer<UInt64> {
        let set = Int(hash >> 60) &* Self.sets &+ Int(truncatingIfNeeded: hash >> 40) & (Self.sets - 1)
        return words + 8 &* Self.ways &* set
    }

    /// The slot holding `p[0 ..< n]`, or nil. Only with the shard's lock held.
    @inline(__always)
    private func slot(_ p: UnsafePointer<UInt8>, _ n: Int, _ hash: UInt64) -> UnsafeMutablePointer<UInt64>? {
        var slot = firstSlot(hash)
        for _ in 0..<Self.ways {
            let h = slot[0]
            if h == 0 { return nil }
            if h == hash, Int(slot[1] & 0xFF) == n,
               UnsafeRawPointer(slot + 5).withMemoryRebound(to: UInt8.self, capacity: n, { bytesEqual($0, p, n) }) {
                return slot
            }
            slot += 8
        }
        return nil
    }
}
