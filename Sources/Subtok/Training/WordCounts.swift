/// How often each distinct word (a piece after normalization and pre-tokenization) occurs in a
/// corpus: the trainers' input. Memory is O(distinct words × their length), never O(corpus):
/// words live in one byte arena behind an open-addressed hash table.
public struct WordCounts: Sendable {
    private var table = ByteStringTable(capacity: 1 << 12)
    private var counts: [UInt64] = []

    /// Creates empty counts.
    public init() {}

    /// The number of distinct words.
    public var count: Int { counts.count }
    /// The sum of all counts (words seen, with repeats).
    public var total: UInt64 { counts.reduce(0, &+) }
    /// The bytes of all distinct words together (the arena's size).
    public var distinctBytes: Int { table.keyBytes }

    /// Adds `count` occurrences of the `n` bytes at `p`. One hash look-up. Throws
    /// `limitExceeded` when the distinct words would exceed 4 GiB of text.
    @inline(__always)
    public mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int, count: UInt64 = 1) throws(SubtokError) {
        if table.keyBytes + n >= Int(UInt32.max) {
            throw SubtokError(
                .limitExceeded, "the distinct words of the corpus exceed 4 GiB; count shards and train from a sample")
        }
        let (e, inserted) = table.entry(inserting: p, n, value: UInt32(counts.count))
        if inserted { counts.append(count) } else { counts[e] &+= count }
    }

    /// Adds `count` occurrences of `word`.
    public mutating func add(_ word: [UInt8], count: UInt64 = 1) throws(SubtokError) {
        try word.withNonNullBytes { (p, n) throws(SubtokError) in try add(p, n, count: count) }
    }

    /// Adds every count of `other`. O(other's distinct words).
    public mutating func merge(_ other: WordCounts) throws(SubtokError) {
        for e in 0..<other.count {
            try other.table.withKey(e) { (k: UnsafeBufferPointer<UInt8>) throws(SubtokError) in
                try k.withNonNull { (p, n) throws(SubtokError) in try add(p, n, count: other.counts[e]) }
            }
        }
    }

    /// The count of `word`, 0 when absent. One hash look-up.
    public func count(of word: [UInt8]) -> UInt64 {
        table.lookup(word).map { counts[Int($0)] } ?? 0
    }

    /// Calls `body` with each word and its count, in insertion order.
    public func forEach(_ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void) rethrows {
        for e in 0..<counts.count { try table.withKey(e) { try body($0, counts[e]) } }
    }

    /// The words with their counts, sorted by bytes: the trainers' deterministic order,
    /// independent of how the corpus was cut across threads. O(w log w).
    public func sortedWords() -> [(word: [UInt8], count: UInt64)] {
        var words: [(word: [UInt8], count: UInt64)] = []
        words.reserveCapacity(count)
        forEach { words.append((Array($0), $1)) }
        words.sort { $0.word.lexicographicallyPrecedes($1.word) }
        return words
    }
}
