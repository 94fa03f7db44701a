/// The BPE trainer's priority queue of candidate merges: a binary max-heap on (count, then the
/// smaller pair of ids first, as `tokenizers` orders ties). Counts go stale as merges change
/// them; the trainer re-checks the top against the live count (lazy invalidation).
struct MergeQueue {
    struct Entry {
        var count: Int64
        var pair: UInt64
        var slot: Int32

        /// True when `self` should be popped before `other`.
        @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            count != other.count ? count > other.count : pair < other.pair
        }
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        var i = 0
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < n && heap[l].precedes(heap[best]) { best = l }
            if r < n && heap[r].precedes(heap[best]) { best = r }
            if best == i { break }
            heap.swapAt(i, best)
            i = best
        }
        return top
    }
}
