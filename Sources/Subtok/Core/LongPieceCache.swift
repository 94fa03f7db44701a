import CSubtokShim

/// A cache from a piece's bytes (5 to `maximumPieceBytes`) to its token ids (at most
/// `maximumTokens`), shared by every thread that uses a model, with no lock on reads: the pieces
/// `PieceCache` does not keep (longer than 16 bytes, or of more than four tokens), such as runs of
/// kana and kanji, which no space cuts and whose merge costs hundreds of instructions per byte.
/// Two-way set associative over `CacheMemory` (mapped, not written, so a model that never sees
/// such a piece costs nothing). BPE keeps two: `medium` (pieces of up to 48 bytes and 16 tokens
/// in 128-byte entries) and `long` (up to 128 bytes and 92 tokens in 512-byte entries), 16 MiB
/// each, so the many medium pieces do not crowd each other out of big entries (one 32 MiB table
/// of big entries lost a quarter of a Japanese novel's pieces to conflicts).
///
/// An entry is `2 + maximumPieceBytes / 8 + maximumTokens / 2` words: [0] the sequence lock (low
/// 32 bits), a used bit, the length and the token count; [1] the piece's hash; then its bytes as
/// words (see `word(_:_:_:)`), then its ids, two per word. The sequence lock, the victim choice
/// (two sets per piece: an empty way, else one not used since its set last lost a piece, else
/// one picked by the hash) and the atomic accesses are `PieceCache`'s. A look-up compares the hash and then every
/// byte, so a hit is exactly the piece: O(n) per look-up and insert.
/// (`@unchecked Sendable`: every access to the shared words is atomic, as in `PieceCache`.)
final class LongPieceCache: @unchecked Sendable {
    /// The shortest piece kept, in bytes: shorter pieces have at most four tokens, which
    /// `PieceCache` keeps.
    static let minimumPieceBytes = 5
    /// The longest piece kept, in bytes (a multiple of 8).
    let maximumPieceBytes: Int
    /// The most tokens a kept piece has (even).
    let maximumTokens: Int

    /// The most tokens a piece in the `medium()` cache has.
    static let mediumTokens = 16
    /// Pieces of up to 48 bytes and `mediumTokens` tokens: 65,536 sets of two 128-byte entries.
    static func medium() -> LongPieceCache {
        LongPieceCache(maximumPieceBytes: 48, maximumTokens: mediumTokens, setBits: 16)
    }
    /// Pieces of up to 128 bytes and 92 tokens: 16,384 sets of two 512-byte entries.
    static func long() -> LongPieceCache { LongPieceCache(maximumPieceBytes: 128, maximumTokens: 92, setBits: 14) }

    private let setBits: Int
    private static let ways = 2
    private let wordsPerEntry: Int
    private static let bytesWord = 2
    private let idsWord: Int

    private static let sequenceMask: UInt64 = 0xFFFF_FFFF
    private static let usedBit: UInt64 = 1 << 32
    private static let lengthShift: UInt64 = 33
    private static let countShift: UInt64 = 41

    private let words: UnsafeMutablePointer<UInt64>
    private let memory: CacheMemory

    /// An empty cache of `1 << setBits` sets (every entry's length is 0, which no kept piece has).
    init(maximumPieceBytes: Int, maximumTokens: Int, setBits: Int) {
        self.maximumPieceBytes = maximumPieceBytes
        self.maximumTokens = maximumTokens
        self.setBits = setBits
        idsWord = Self.bytesWord + maximumPieceBytes / 8
        wordsPerEntry = idsWord + maximumTokens / 2
        memory = CacheMemory(byteCount: (Self.ways * wordsPerEntry << setBits) * MemoryLayout<UInt64>.stride)
        words = memory.words
    }

    deinit { memory.release() }

    /// Word `k` of the `n` bytes at `p` (n ≥ 1), as the caches (this one and `WordCache`) store
    /// a key: the eight bytes at 8k, except the last word, which is the piece's last eight bytes
    /// (so no byte past the piece is read, and the words say the piece given its length); a
    /// piece of under eight bytes is one word, zero past its end.
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) -> UInt64 {
        guard n >= 8 else { return shortWord(p, n) }
        let offset = min(8 &* k, n &- 8)
        return UnsafeRawPointer(p).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// The `n` (1 ≤ n < 8) bytes at `p` as one little-endian word, zero past them: two
    /// overlapping four-byte loads, or for under four bytes the first, middle and last bytes.
    @inline(__always)
    private static func shortWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        if n >= 4 {
            return UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)) << UInt64(8 &* (n &- 4))
        }
        let middle = n >> 1
        return UInt64(p[0]) | UInt64(p[middle]) << UInt64(8 &* middle) | UInt64(p[n &- 1]) << UInt64(8 &* (n &- 1))
    }

    /// The number of byte words of an `n`-byte piece.
    @inline(__always)
    static func wordCount(_ n: Int) -> Int { (n &+ 7) >> 3 }

    /// A multiply-xorshift hash of the piece's words and its length; never 0.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        for k in 0..<wordCount(n) {
            h = (h ^ word(p, n, k)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
        }
        return h | 1
    }

    /// The set a piece with `hash` goes to.
    @inline(__always)
    func setIndex(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> UInt64(64 &- setBits)) }

    /// The other set of a piece with `hash` (from hash bits `setIndex` does not use, never its
    /// set): where the piece goes when both ways of its set hold pieces in use, as in `PieceCache`.
    @inline(__always)
    func otherSetIndex(_ hash: UInt64) -> Int {
        let other = Int(truncatingIfNeeded: hash >> 20) & ((1 &<< setBits) &- 1)
        return other == setIndex(hash) ? other ^ 1 : other
    }

    @inline(__always)
    private func set(_ hash: UInt64) -> UnsafeMutablePointer<UInt64> {
        words + Self.ways &* wordsPerEntry &* setIndex(hash)
    }

    @inline(__always)
    private func otherSet(_ hash: UInt64) -> UnsafeMutablePointer<UInt64> {
        words + Self.ways &* wordsPerEntry &* otherSetIndex(hash)
    }

    /// Starts loading, into the CPU's cache, the lines of both entries of the set of `hash` that
    /// a look-up of an `n`-byte piece reads: the head and the piece's bytes, and the ids of as
    /// many tokens as a piece of two bytes a token has (a hit compares every byte and copies
    /// every id; with the first line alone, the rest missed on every hit). O(lines); reads
    /// nothing.
    @inline(__always)
    func prefetch(_ hash: UInt64, bytes n: Int) {
        let set = set(hash)
        let lastByteLine = (Self.bytesWord &+ Self.wordCount(n) &- 1) >> 3
        let firstIDLine = max(idsWord >> 3, lastByteLine &+ 1)
        let lastIDLine = (min(idsWord &+ (n &+ 3) >> 2, wordsPerEntry) &- 1) >> 3
        for way in 0..<Self.ways {
            let entry = set + way &* wordsPerEntry
            for line in 0...lastByteLine { stshim_prefetch(entry + 8 &* line) }
            var line = firstIDLine
            while line <= lastIDLine {
                stshim_prefetch(entry + 8 &* line)
                line &+= 1
            }
        }
    }

    /// Writes the cached ids of the `n` bytes at `p` (with `hash`) to `ids` (room for
    /// `maximumTokens`) and returns how many, or returns 0 (a miss, or the entry is being
    /// written; `ids` may then hold anything). The other set is read only when the piece's set
    /// is full and does not hold it.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, writingTo ids: UnsafeMutablePointer<UInt32>) -> Int {
        let home = set(hash)
        let found = lookup(in: home, p, n, hash, ids)
        return found > 0 || !isFull(home) ? found : lookup(in: otherSet(hash), p, n, hash, ids)
    }

    @inline(__always)
    private func lookup(
        in set: UnsafeMutablePointer<UInt64>, _ p: UnsafePointer<UInt8>, _ n: Int, _ hash: UInt64,
        _ ids: UnsafeMutablePointer<UInt32>
    ) -> Int {
        let found = read(set, p, n, hash, ids)
        return found > 0 ? found : read(set + wordsPerEntry, p, n, hash, ids)
    }

    /// True when both ways of `set` hold a piece.
    @inline(__always)
    private func isFull(_ set: UnsafeMutablePointer<UInt64>) -> Bool {
        (0..<Self.ways).allSatisfy { (stshim_load_relaxed(set + $0 &* wordsPerEntry) >> Self.lengthShift) & 0xFF != 0 }
    }

    private func read(
        _ entry: UnsafeMutablePointer<UInt64>, _ p: UnsafePointer<UInt8>, _ n: Int, _ hash: UInt64,
        _ ids: UnsafeMutablePointer<UInt32>
    ) -> Int {
        let head = stshim_load_acquire(entry)
        guard stshim_load_relaxed(entry + 1) == hash, Int(truncatingIfNeeded: (head >> Self.lengthShift) & 0xFF) == n
        else { return 0 }
        for k in 0..<Self.wordCount(n) where stshim_load_relaxed(entry + Self.bytesWord + k) != Self.word(p, n, k) {
            return 0
        }
        let count = Int(truncatingIfNeeded: (head >> Self.countShift) & 0xFF)
        for k in 0..<((count &+ 1) >> 1) {
            let pair = stshim_load_relaxed(entry + idsWord + k)
            ids[2 &* k] = UInt32(truncatingIfNeeded: pair)
            ids[2 &* k &+ 1] = UInt32(truncatingIfNeeded: pair >> 32)
        }
        stshim_fence_acquire()
        guard head & 1 == 0, stshim_load_relaxed(entry) == head else { return 0 }
        if head & Self.usedBit == 0 { stshim_or_relaxed(entry, Self.usedBit) }
        return count
    }

    /// The entry a new piece goes to, chosen as `PieceCache` chooses: an empty way of its set,
    /// else of its other set, else a way of these not used lately, else (its set's used bits
    /// cleared) the way its hash picks.
    private func victim(_ hash: UInt64) -> UnsafeMutablePointer<UInt64> {
        let home = set(hash), other = otherSet(hash)
        var unused: UnsafeMutablePointer<UInt64>?
        for way in 0..<2 * Self.ways {
            let entry = (way < Self.ways ? home : other) + (way % Self.ways) * wordsPerEntry
            let head = stshim_load_relaxed(entry)
            if (head >> Self.lengthShift) & 0xFF == 0 { return entry }
            if unused == nil, head & Self.usedBit == 0 { unused = entry }
        }
        if let unused { return unused }
        for way in 0..<Self.ways { stshim_and_relaxed(home + way * wordsPerEntry, ~Self.usedBit) }
        return home + Int(truncatingIfNeeded: hash & UInt64(Self.ways - 1)) * wordsPerEntry
    }

    /// Keeps `ids` (1 to `maximumTokens`) as the tokens of the `n` bytes at `p` (with `hash`),
    /// unless another thread is writing the entry. O(n).
    func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, ids: UnsafeBufferPointer<UInt32>) {
        guard (Self.minimumPieceBytes...maximumPieceBytes).contains(n), (1...maximumTokens).contains(ids.count) else {
            return
        }
        let entry = victim(hash)
        let head = stshim_load_relaxed(entry)
        guard head & 1 == 0, stshim_compare_exchange(entry, head, head &+ 1) != 0 else { return }
        stshim_fence_release()
        stshim_store_relaxed(entry + 1, hash)
        for k in 0..<Self.wordCount(n) { stshim_store_relaxed(entry + Self.bytesWord + k, Self.word(p, n, k)) }
        for k in 0..<((ids.count + 1) >> 1) {
            let high = 2 * k + 1 < ids.count ? UInt64(ids[2 * k + 1]) << 32 : 0
            stshim_store_relaxed(entry + idsWord + k, UInt64(ids[2 * k]) | high)
        }
        let sequence = (head &+ 2) & Self.sequenceMask
        stshim_store_release(entry, sequence | UInt64(n) << Self.lengthShift | UInt64(ids.count) << Self.countShift)
    }
}
