/// The merge loop of byte-level BPE over one piece: the byte -> id table and the merge table.
struct ByteMerger: Sendable {
    /// (left, right) -> (rank, merged id).
    let pairs: PairTable
    /// The id of each byte's token (`ByteMerger.missing` when the vocabulary lacks it).
    let byteIDs: [UInt32]

    static let missing = UInt32.max

    /// Merges the `n` bytes at `p` (offset `start` in the text) and appends the tokens.
    func mergePiece(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        if n <= 64 { mergeFlat(p, start, n, into: &output) } else { mergeHeap(p, start, n, into: &output) }
    }

    /// Flat merge (`FlatMerge`) of the piece's bytes in a stack buffer.
    private func mergeFlat(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        withUnsafeTemporaryAllocation(of: FlatMerge.Symbol.self, capacity: n + 1) { buffer in
            let sym = buffer.baseAddress!
            var m = 0
            byteIDs.withUnsafeBufferPointer { byteIDs in
                for i in 0..<n {
                    let id = byteIDs[Int(p[i])]
                    if id != Self.missing {
                        sym[m] = FlatMerge.Symbol(id: id, start: Int32(i))
                        m += 1
                    }
                }
            }
            sym[m] = FlatMerge.Symbol(id: 0, start: Int32(n))
            m = FlatMerge.run(sym, count: m, pairs: pairs)
            for k in 0..<m {
                output.append(sym[k].id, start + Int(sym[k].start), start + Int(sym[k + 1].start))
            }
        }
    }

    /// Heap merge: symbols in a doubly linked list, candidate pairs in a min-heap keyed by
    /// (rank, position); stale entries are skipped when popped. O(n log n).
    private func mergeHeap(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        var ids = [UInt32](repeating: Self.missing, count: n)
        var next = [Int32](repeating: -1, count: n)
        var prev = [Int32](repeating: -1, count: n)
        var heap = BinaryMinHeap(capacity: n)
        var first: Int32 = -1
        var last: Int32 = -1
        for i in 0..<n {
            let id = byteIDs[Int(p[i])]
            guard id != Self.missing else { continue }
            ids[i] = id
            if last >= 0 { next[Int(last)] = Int32(i); prev[i] = last } else { first = Int32(i) }
            last = Int32(i)
        }
        var i = first
        while i >= 0, next[Int(i)] >= 0 {
            let r = pairs.lookup(ids[Int(i)], ids[Int(next[Int(i)])])
            if r != UInt64.max { heap.push((r >> 32) << 32 | UInt64(i)) }
            i = next[Int(i)]
        }
        while let top = heap.pop() {
            let at = Int(top & 0xFFFF_FFFF)
            let j = Int(next[at])
            guard ids[at] != Self.missing, j >= 0 else { continue }
            let r = pairs.lookup(ids[at], ids[j])
            guard r >> 32 == top >> 32 else { continue }
            ids[at] = UInt32(truncatingIfNeeded: r)
            ids[j] = Self.missing
            next[at] = next[j]
            if next[j] >= 0 { prev[Int(next[j])] = Int32(at) }
            let before = Int(prev[at])
            if before >= 0 {
                let rb = pairs.lookup(ids[before], ids[at])
                if rb != UInt64.max { heap.push((rb >> 32) << 32 | UInt64(before)) }
            }
            let after = Int(next[at])
            if after >= 0 {
                let ra = pairs.lookup(ids[at], ids[after])
                if ra != UInt64.max { heap.push((ra >> 32) << 32 | UInt64(at)) }
            }
        }
        var k = Int(first)
        while k >= 0 {
            let e = next[k] >= 0 ? Int(next[k]) : n
            output.append(ids[k], start + k, start + e)
            k = Int(next[k])
        }
    }
}

/// A binary min-heap of `UInt64` keys.
struct BinaryMinHeap {
    private var items: [UInt64] = []

    init(capacity: Int) { items.reserveCapacity(capacity) }

    mutating func push(_ v: UInt64) {
        items.append(v)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if items[parent] <= v { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = v
    }

    mutating func pop() -> UInt64? {
        guard let top = items.first else { return nil }
        let v = items.removeLast()
        if items.isEmpty { return top }
        var i = 0
        let n = items.count
        while true {
            var c = 2 * i + 1
            if c >= n { break }
            if c + 1 < n && items[c + 1] < items[c] { c += 1 }
            if v <= items[c] { break }
            items[i] = items[c]
            i = c
        }
        items[i] = v
        return top
    }
}
