import CSubtokShim

/// A cache from a short piece's bytes (at most 16) to its token ids (at most four, each below
/// 2^21), shared by every thread that uses a model, with no lock on reads. Two-way set
/// associative: 131,072 sets of two 32-byte entries (8 MiB, in transparent huge pages where the
/// kernel grants them), each set one 64-byte cache line, so a look-up costs one line, prefetched
/// ahead of its turn: the key is the piece as two masked 64-bit words and its length, compared
/// with three loads, and the ids sit packed in the same entry. (With 64-byte entries, four ways
/// to a set, a look-up touched four lines; the lines in flight, not the misses, were the cost.)
///
/// Each entry is guarded by a sequence lock in its first word: a writer claims the entry by
/// moving the sequence from even to odd (one compare-and-exchange; an entry being written by
/// another thread is left alone), writes, and publishes by storing the next even number with
/// the new length, count and first id; a reader takes the entry only when that word was even
/// and unchanged across its reads. All accesses to entry words are atomic (plain moves on
/// x86-64), so readers never see a torn entry and ThreadSanitizer sees no race. A new piece goes
/// to an empty way of its set, else to a way not used since the set last lost a piece (a hit
/// sets the entry's used bit, once), else every used bit of the set is cleared and one way is
/// picked by the piece's hash (CLOCK's second chance, so rare words do not evict frequent ones).
/// O(1) per look-up and insert.
/// (`@unchecked Sendable`: every access to the shared words goes through the atomics above.)
final class PieceCache: @unchecked Sendable {
    /// The longest piece kept, in bytes.
    static let maximumPieceBytes = 16
    /// The most tokens a kept piece has.
    static let maximumTokens = 4
    /// What `lookup` returns for a piece marked by `insertSpilled`: more than `maximumTokens`
    /// tokens, kept in the caller's cache for longer pieces.
    static let spilled = 7

    private static let setBits = 17
    private static let ways = 2
    private static let wordsPerEntry = 4
    private static let wordsPerSet = ways * wordsPerEntry
    /// Ids are packed in 21 bits: a piece with a larger id is not kept.
    private static let idBits: UInt64 = 21
    private static let idMask: UInt64 = (1 << idBits) - 1

    // The entry's word 0: the sequence in the low 32 bits, then these fields.
    private static let sequenceMask: UInt64 = 0xFFFF_FFFF
    /// Set by the first hit after the entry was written or last spared.
    private static let usedBit: UInt64 = 1 << 32
    private static let lengthShift: UInt64 = 33
    private static let countShift: UInt64 = 38
    private static let lastIdShift: UInt64 = 43

    /// `1 << setBits` sets of `ways` entries of 4 words: [0] the sequence, length (5 bits), token
    /// count (3 bits), `usedBit` and the fourth id; [1], [2] the piece's bytes (little-endian,
    /// zero past its end); [3] the first three ids, 21 bits each (the first in the low bits).
    private let words: UnsafeMutablePointer<UInt64>
    /// The mapping `words` lives in.
    private let memory: CacheMemory

    private static var byteCount: Int { (Self.wordsPerSet << Self.setBits) * MemoryLayout<UInt64>.stride }

    /// An empty cache: every entry's length is 0, which no piece has. The 8 MiB are mapped, not
    /// written, so a model that is loaded and barely used costs only the pages it touches (on
    /// the benchmark machine, 8 MiB against 2 MiB encoded English 1.4x faster per line).
    init() {
        memory = CacheMemory(byteCount: Self.byteCount)
        words = memory.words
    }

    deinit { memory.release() }

    /// The cache key of a piece: its bytes as two little-endian words, zero past its end.
    struct Key {
        let low: UInt64
        let high: UInt64
        let count: Int
        /// Both words and the length, multiplied (the high word first): its top bits pick the
        /// set. Two multiplies where a full mix takes three (1.05x on English); the top bits of
        /// a product depend on every bit of the piece.
        let hash: UInt64

        /// The key of the `n` bytes at `p` (1 ≤ n ≤ 16), reading at most up to `limit` (the end of
        /// the text): with 16 bytes readable, two unaligned loads and two masks from a table
        /// (`stshim_piece_masks`: 1.06x on English against computing them), no branch on `n`;
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
            let masks = stshim_piece_masks(n)
            self.init(low: a & masks.low, high: b & masks.high, count: n)
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
            hash = (low ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        }

        /// The index of the piece's home set.
        @inline(__always)
        var set: Int { Int(truncatingIfNeeded: hash >> UInt64(64 - PieceCache.setBits)) }

        /// The index of the piece's other set (the hash multiplied again, never the home set
        /// itself): where it goes when both ways at home hold pieces in use. Off the hot path.
        @inline(__always)
        var otherSet: Int {
            let other = Int(truncatingIfNeeded: (hash &* 0xBF58_476D_1CE4_E5B9) >> UInt64(64 - PieceCache.setBits))
            return other == set ? other ^ 1 : other
        }
    }

    /// The table as a value, for a loop of look-ups: a loop that holds it keeps the table's
    /// address in a register instead of loading it from the cache object at each look-up.
    var probe: Probe { Probe(words: words) }

    /// Starts loading the set of `key` (one cache line) into the CPU's cache. O(1); reads nothing.
    @inline(__always)
    func prefetch(_ key: Key) { probe.prefetch(key) }

    /// Appends the cached ids of `key` to `ids` and returns how many, or returns 0 (a miss, or
    /// the entry is being written). O(tokens).
    @inline(__always)
    func lookup(_ key: Key, appendingTo ids: inout [UInt32]) -> Int {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumTokens) { buffer in
            var count = probe.lookup(key, writingTo: buffer.baseAddress!)
            if count == Self.spilled { count = 0 }
            ids.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            return count
        }
    }

    /// `Probe.lookup`.
    @inline(__always)
    func lookup(_ key: Key, writingTo ids: UnsafeMutablePointer<UInt32>) -> Int { probe.lookup(key, writingTo: ids) }

    /// The words of a `PieceCache` and its look-ups.
    struct Probe {
        fileprivate let words: UnsafeMutablePointer<UInt64>

        /// The home set of `key`: its two entries, one cache line.
        @inline(__always)
        fileprivate func entries(_ key: Key) -> UnsafeMutablePointer<UInt64> {
            words + PieceCache.wordsPerSet &* key.set
        }

        /// The other set of `key` (see `Key.otherSet`).
        @inline(__always)
        fileprivate func otherEntries(_ key: Key) -> UnsafeMutablePointer<UInt64> {
            words + PieceCache.wordsPerSet &* key.otherSet
        }

        /// Starts loading the set of `key` (one cache line) into the CPU's cache. O(1); reads
        /// nothing.
        @inline(__always)
        func prefetch(_ key: Key) {
            stshim_prefetch(entries(key))
        }

        /// Writes the cached ids of `key` to `ids` (room for `maximumTokens`) and returns how
        /// many, or returns `spilled` (the piece has more tokens, kept elsewhere: see
        /// `insertSpilled`), or returns 0 (a miss, or the entry is being written; `ids` may then
        /// hold anything). O(1): all four id places are written. The home set's line (the one
        /// `prefetch` requests) almost always answers; the other set's is read only when it does
        /// not and the home set is full (a piece goes elsewhere only then, and an entry is never
        /// emptied).
        @inline(__always)
        func lookup(_ key: Key, writingTo ids: UnsafeMutablePointer<UInt32>) -> Int {
            let home = entries(key)
            let found = lookup(in: home, key, ids)
            return found > 0 || !isFull(home) ? found : lookupElsewhere(key, ids)
        }

        /// True when both ways of `set` hold a piece.
        @inline(__always)
        private func isFull(_ set: UnsafeMutablePointer<UInt64>) -> Bool {
            (0..<PieceCache.ways).allSatisfy {
                stshim_load_relaxed(set + $0 * PieceCache.wordsPerEntry) >> PieceCache.lengthShift & 0x1F != 0
            }
        }

        /// `lookup` in the other set of `key`: out of line, off the hot path.
        @inline(never)
        private func lookupElsewhere(_ key: Key, _ ids: UnsafeMutablePointer<UInt32>) -> Int {
            lookup(in: otherEntries(key), key, ids)
        }

        /// `lookup` in one set.
        @inline(__always)
        private func lookup(
            in set: UnsafeMutablePointer<UInt64>, _ key: Key, _ ids: UnsafeMutablePointer<UInt32>
        ) -> Int {
            let found = read(set, key, ids)
            return found > 0 ? found : read(set + PieceCache.wordsPerEntry, key, ids)
        }

        /// The ids of `key` from one entry, as `lookup`. The words after the head are read with
        /// acquire ordering, so the head's second reading comes after them (the sequence lock's
        /// check) without a fence, which would make the caller's loop reload what it holds.
        @inline(__always)
        private func read(
            _ entry: UnsafeMutablePointer<UInt64>, _ key: Key, _ ids: UnsafeMutablePointer<UInt32>
        ) -> Int {
            let head = stshim_load_acquire(entry)
            guard stshim_load_acquire(entry + 1) == key.low, stshim_load_acquire(entry + 2) == key.high,
                Int(truncatingIfNeeded: (head >> PieceCache.lengthShift) & 0x1F) == key.count
            else { return 0 }
            let packed = stshim_load_acquire(entry + 3)
            guard head & 1 == 0, stshim_load_relaxed(entry) == head else { return 0 }
            ids[0] = UInt32(truncatingIfNeeded: packed & PieceCache.idMask)
            ids[1] = UInt32(truncatingIfNeeded: (packed >> PieceCache.idBits) & PieceCache.idMask)
            ids[2] = UInt32(truncatingIfNeeded: (packed >> (2 * PieceCache.idBits)) & PieceCache.idMask)
            ids[3] = UInt32(truncatingIfNeeded: head >> PieceCache.lastIdShift)
            if head & PieceCache.usedBit == 0 { stshim_or_relaxed(entry, PieceCache.usedBit) }
            return Int(truncatingIfNeeded: (head >> PieceCache.countShift) & 0x7)
        }
    }

    /// The entry a new piece goes to: an empty one of its home set, else of its other set, else
    /// one of these not used since its set last lost a piece, else (the home set's used bits
    /// cleared) the home entry picked by the piece's hash. Two sets to choose from keep a piece
    /// whose home is full of pieces in use from evicting them (with one, 1,000 of the 34,000
    /// pieces of an English novel fought over full sets and were merged again on every call).
    private func victim(_ key: Key) -> UnsafeMutablePointer<UInt64> {
        let home = probe.entries(key), other = probe.otherEntries(key)
        var unused: UnsafeMutablePointer<UInt64>?
        for way in 0..<2 * Self.ways {
            let entry = (way < Self.ways ? home : other) + (way % Self.ways) * Self.wordsPerEntry
            let head = stshim_load_relaxed(entry)
            if head >> Self.lengthShift & 0x1F == 0 { return entry }
            if unused == nil, head & Self.usedBit == 0 { unused = entry }
        }
        if let unused { return unused }
        for way in 0..<Self.ways { stshim_and_relaxed(home + way * Self.wordsPerEntry, ~Self.usedBit) }
        return home + Int(truncatingIfNeeded: key.hash & UInt64(Self.ways - 1)) * Self.wordsPerEntry
    }

    /// Keeps `ids` (1 to `maximumTokens` of them, each below 2^21) as the tokens of `key`, unless
    /// another thread is writing the entry; other id lists are not kept. O(tokens).
    func insert(_ key: Key, ids: UnsafeBufferPointer<UInt32>) {
        guard !ids.isEmpty, ids.count <= Self.maximumTokens, ids.allSatisfy({ UInt64($0) <= Self.idMask }) else {
            return
        }
        write(key, count: ids.count, ids: ids)
    }

    /// Marks `key` as a piece of more than `maximumTokens` tokens kept in a cache for longer
    /// pieces, so that a look-up goes there at once (`lookup` returns `spilled`). O(1).
    func insertSpilled(_ key: Key) {
        write(key, count: Self.spilled, ids: UnsafeBufferPointer(start: nil, count: 0))
    }

    /// Writes `key` with `count` and `ids` (at most `maximumTokens`) into its victim entry, under
    /// the entry's sequence lock, unless another thread is writing it.
    private func write(_ key: Key, count: Int, ids: UnsafeBufferPointer<UInt32>) {
        let entry = victim(key)
        let head = stshim_load_relaxed(entry)
        guard head & 1 == 0, stshim_compare_exchange(entry, head, head &+ 1) != 0 else { return }
        stshim_fence_release()
        var packed: UInt64 = 0
        for k in 0..<min(ids.count, 3) { packed |= UInt64(ids[k]) << (UInt64(k) * Self.idBits) }
        let last: UInt64 = ids.count == 4 ? UInt64(ids[3]) : 0
        stshim_store_relaxed(entry + 1, key.low)
        stshim_store_relaxed(entry + 2, key.high)
        stshim_store_relaxed(entry + 3, packed)
        let sequence = (head &+ 2) & Self.sequenceMask
        stshim_store_release(
            entry,
            sequence | UInt64(key.count) << Self.lengthShift
                | UInt64(count) << Self.countShift | last << Self.lastIdShift)
    }
}
