import CSubtokShim

/// A bounded cache from a short word's bytes to its tokens (id and byte length each) and one
/// number the model attaches (Unigram: the running totals under which the entry holds), shared
/// by every thread using a model, with no lock on reads. Each entry is one 64-byte line holding
/// the word and its tokens. Two-way set associative: 65,536 sets of two entries (8 MiB over
/// `CacheMemory`: mapped, not written, in transparent huge pages where the kernel grants them),
/// so an English novel's 50,000 distinct words fit (the cache this replaced held 32,768, and
/// took a lock per look-up). The caller prefetches a word's set one word ahead (`prefetch`).
///
/// The sequence lock, the victim choice (two sets per word: an empty way, else one not used
/// since its set last lost a word, else one picked by the hash) and the atomic accesses are
/// `PieceCache`'s; a look-up compares the hash and every byte, so a hit is exactly the word.
/// O(word length) per look-up and insert.
/// (`@unchecked Sendable`: every access to the shared words is atomic, as in `PieceCache`.)
final class WordCache: @unchecked Sendable {
    /// The longest word kept, in bytes.
    static let maximumWordBytes = 24
    /// The most tokens a kept word has.
    static let maximumTokens = 6
    /// Ids are packed in 21 bits, three to a word: a word with a larger id is not kept.
    private static let idBits: UInt64 = 21
    private static let idMask: UInt64 = (1 << idBits) - 1
    /// Token lengths are packed in 5 bits (a kept word has at most 24 bytes).
    private static let lengthBits: UInt64 = 5

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
            let packed =
                k < 3
                ? packedIDs.0 >> (WordCache.idBits &* UInt64(k)) : packedIDs.1 >> (WordCache.idBits &* UInt64(k &- 3))
            return UInt32(truncatingIfNeeded: packed & WordCache.idMask)
        }

        /// The byte length of token `k`.
        @inline(__always)
        func length(_ k: Int) -> Int {
            Int(
                truncatingIfNeeded: (packedLengths >> (WordCache.lengthBits &* UInt64(k)))
                    & ((1 << WordCache.lengthBits) - 1))
        }
    }

    private static let setBits = 16
    private static let ways = 2
    private static let wordsPerEntry = 8
    private static let bytesWord = 5

    // The entry's word 0: the sequence in the low 32 bits, then these fields.
    private static let sequenceMask: UInt64 = 0xFFFF_FFFF
    /// Set by the first hit after the entry was written or last spared.
    private static let usedBit: UInt64 = 1 << 32
    private static let lengthShift: UInt64 = 33
    private static let countShift: UInt64 = 41

    /// `1 << setBits` sets of `ways` entries of 8 words: [0] the sequence, `usedBit`, the word's
    /// length (8 bits; 0: empty) and the token count; [1] the hash; [2] the token lengths (5 bits
    /// each) and the tag's bits << 32; [3], [4] the token ids (21 bits each, three to a word);
    /// [5 ..< 8] the word's bytes as `LongPieceCache.word` gives them.
    private let words: UnsafeMutablePointer<UInt64>
    /// The mapping `words` lives in.
    private let memory: CacheMemory

    /// An empty cache: every entry's length is 0, which no word has.
    init() {
        memory = CacheMemory(byteCount: (Self.ways * Self.wordsPerEntry << Self.setBits) * MemoryLayout<UInt64>.stride)
        words = memory.words
    }

    deinit { memory.release() }

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

    /// The home set of `hash`: from its top bits.
    @inline(__always)
    private func set(_ hash: UInt64) -> UnsafeMutablePointer<UInt64> {
        words + Self.ways &* Self.wordsPerEntry &* Int(truncatingIfNeeded: hash >> UInt64(64 - Self.setBits))
    }

    /// The other set of `hash` (from bits the home set does not use, never the home set): where
    /// a word goes when both ways at home hold words in use.
    @inline(__always)
    private func otherSet(_ hash: UInt64) -> UnsafeMutablePointer<UInt64> {
        let home = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.setBits))
        var other = Int(truncatingIfNeeded: hash >> 20) & ((1 << Self.setBits) - 1)
        if other == home { other ^= 1 }
        return words + Self.ways &* Self.wordsPerEntry &* other
    }

    /// Starts loading both entries of the home set of `hash` (two cache lines) into the CPU's
    /// cache, so that a look-up made a little later does not wait for memory. O(1); reads
    /// nothing.
    @inline(__always)
    func prefetch(hash: UInt64) {
        let set = set(hash)
        stshim_prefetch(set)
        stshim_prefetch(set + Self.wordsPerEntry)
    }

    /// The entry of `p[0 ..< n]`, or nil when the word is absent or its entry is being written.
    /// The other set is read only when the home set is full and does not hold the word.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> Entry? {
        guard n > 0, n <= Self.maximumWordBytes else { return nil }
        let home = set(hash)
        if let entry = lookup(in: home, p, n, hash) { return entry }
        return isFull(home) ? lookup(in: otherSet(hash), p, n, hash) : nil
    }

    @inline(__always)
    private func lookup(
        in set: UnsafeMutablePointer<UInt64>, _ p: UnsafePointer<UInt8>, _ n: Int, _ hash: UInt64
    ) -> Entry? {
        read(set, p, n, hash) ?? read(set + Self.wordsPerEntry, p, n, hash)
    }

    /// True when both ways of `set` hold a word.
    @inline(__always)
    private func isFull(_ set: UnsafeMutablePointer<UInt64>) -> Bool {
        (0..<Self.ways).allSatisfy {
            (stshim_load_relaxed(set + $0 &* Self.wordsPerEntry) >> Self.lengthShift) & 0xFF != 0
        }
    }

    /// Whether the entry's hash, length and bytes are those of `p[0 ..< n]` (read without the
    /// sequence check: `read` makes it, and a writer choosing its entry needs no more). Read
    /// with acquire ordering, so that `read`'s second reading of the head comes after them.
    @inline(__always)
    private func holds(
        _ entry: UnsafeMutablePointer<UInt64>, _ p: UnsafePointer<UInt8>, _ n: Int, _ hash: UInt64
    ) -> Bool {
        guard stshim_load_acquire(entry + 1) == hash,
            Int(truncatingIfNeeded: (stshim_load_acquire(entry) >> Self.lengthShift) & 0xFF) == n
        else { return false }
        for k in 0..<LongPieceCache.wordCount(n)
        where stshim_load_acquire(entry + Self.bytesWord + k) != LongPieceCache.word(p, n, k) {
            return false
        }
        return true
    }

    /// The entry's tokens when it holds `p[0 ..< n]` and was not being written meanwhile. Every
    /// word is read with acquire ordering, which orders the head's second reading after them
    /// without a fence (a fence made the caller's loop reload what it held, as in `PieceCache`).
    @inline(__always)
    private func read(
        _ entry: UnsafeMutablePointer<UInt64>, _ p: UnsafePointer<UInt8>, _ n: Int, _ hash: UInt64
    ) -> Entry? {
        let head = stshim_load_acquire(entry)
        guard holds(entry, p, n, hash) else { return nil }
        let lengthsAndTag = stshim_load_acquire(entry + 2)
        let ids = (stshim_load_acquire(entry + 3), stshim_load_acquire(entry + 4))
        guard head & 1 == 0, stshim_load_relaxed(entry) == head else { return nil }
        if head & Self.usedBit == 0 { stshim_or_relaxed(entry, Self.usedBit) }
        return Entry(
            count: Int(truncatingIfNeeded: (head >> Self.countShift) & 0x7), packedIDs: ids,
            packedLengths: lengthsAndTag & 0xFFFF_FFFF,
            tag: Float(bitPattern: UInt32(truncatingIfNeeded: lengthsAndTag >> 32)))
    }

    /// The entry a new word goes to: the one holding the word already (a Unigram word under
    /// `sentencepiece`'s rules is segmented again when the running total leaves the range its
    /// entry holds for, and the new result replaces the old instead of evicting another word),
    /// else as `PieceCache` chooses: an empty way of its set, else of its other set, else a way
    /// of these not used lately, else (its set's used bits cleared) the way its hash picks.
    private func victim(_ hash: UInt64, _ p: UnsafePointer<UInt8>, _ n: Int) -> UnsafeMutablePointer<UInt64> {
        let home = set(hash), other = otherSet(hash)
        for way in 0..<2 * Self.ways {
            let entry = (way < Self.ways ? home : other) + (way % Self.ways) * Self.wordsPerEntry
            if holds(entry, p, n, hash) { return entry }
        }
        var unused: UnsafeMutablePointer<UInt64>?
        for way in 0..<2 * Self.ways {
            let entry = (way < Self.ways ? home : other) + (way % Self.ways) * Self.wordsPerEntry
            let head = stshim_load_relaxed(entry)
            if (head >> Self.lengthShift) & 0xFF == 0 { return entry }
            if unused == nil, head & Self.usedBit == 0 { unused = entry }
        }
        if let unused { return unused }
        for way in 0..<Self.ways { stshim_and_relaxed(home + way * Self.wordsPerEntry, ~Self.usedBit) }
        return home + Int(truncatingIfNeeded: (hash >> 1) & UInt64(Self.ways - 1)) * Self.wordsPerEntry
    }

    /// Keeps the tokens of `p[0 ..< n]` (their lengths summing to n) with `tag`, unless the
    /// word is too long, has too many tokens or an id of 2^21 or more, or another thread is
    /// writing the entry. O(n).
    func insert(
        _ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, ids: UnsafeBufferPointer<UInt32>,
        lengths: UnsafeBufferPointer<UInt32>, tag: Float
    ) {
        guard n > 0, n <= Self.maximumWordBytes, (1...Self.maximumTokens).contains(ids.count),
            lengths.count == ids.count,
            lengths.reduce(0, +) == n, ids.allSatisfy({ UInt64($0) <= Self.idMask })
        else { return }
        var packedIDs: (UInt64, UInt64) = (0, 0)
        var packedLengths: UInt64 = 0
        for k in ids.indices {
            if k < 3 {
                packedIDs.0 |= UInt64(ids[k]) << (Self.idBits * UInt64(k))
            } else {
                packedIDs.1 |= UInt64(ids[k]) << (Self.idBits * UInt64(k - 3))
            }
            packedLengths |= UInt64(lengths[k]) << (Self.lengthBits * UInt64(k))
        }
        let entry = victim(hash, p, n)
        let head = stshim_load_relaxed(entry)
        guard head & 1 == 0, stshim_compare_exchange(entry, head, head &+ 1) != 0 else { return }
        stshim_fence_release()
        stshim_store_relaxed(entry + 1, hash)
        stshim_store_relaxed(entry + 2, packedLengths | UInt64(tag.bitPattern) << 32)
        stshim_store_relaxed(entry + 3, packedIDs.0)
        stshim_store_relaxed(entry + 4, packedIDs.1)
        for k in 0..<LongPieceCache.wordCount(n) {
            stshim_store_relaxed(entry + Self.bytesWord + k, LongPieceCache.word(p, n, k))
        }
        let sequence = (head &+ 2) & Self.sequenceMask
        stshim_store_release(entry, sequence | UInt64(n) << Self.lengthShift | UInt64(ids.count) << Self.countShift)
    }
}
