/// The BPE trainer's priority queue of candidate merges: a heap on (count, then the smaller pair
/// of ids first, as `tokenizers` orders ties). Counts go stale as merges change them; the
/// trainer re-checks the top against the live count (lazy invalidation).
typealias MergeQueue = BinaryHeap<MergeCandidate>

/// One candidate merge: a pair of ids, its count when pushed, and its slot in `PairIndex`.
struct MergeCandidate: Comparable {
    var count: Int64
    var pair: UInt64
    var slot: Int32

    /// True when `a` should be popped before `b`: the higher count, then the smaller pair.
    static func < (a: MergeCandidate, b: MergeCandidate) -> Bool {
        a.count != b.count ? a.count > b.count : a.pair < b.pair
    }

    static func == (a: MergeCandidate, b: MergeCandidate) -> Bool { a.count == b.count && a.pair == b.pair }
}
