/// One symbol of a word being merged: its id and its byte range in the word.
struct MergeSymbol {
    var id: UInt32
    var start: Int
    var end: Int
}

/// `tokenizers`' merge loop over a word's symbols (`Word::merge_all`): a heap of candidate pairs,
/// lowest rank first and leftmost on ties, with lazy invalidation: O(n log n). With `dropout`,
/// each popped candidate is skipped with that probability and pushed back after the next merge
/// that happens (BPE-dropout, Provilkov et al. 2020), so 1 leaves the word unmerged.
enum SymbolMerge {
    static func mergeAll(
        _ symbols: inout [MergeSymbol], _ pairs: PairTable, dropout: Float = 0, random: inout SplitMix64
    ) {
        let count = symbols.count
        guard count > 1 else { return }
        var next = (0..<count).map { $0 + 1 < count ? $0 + 1 : -1 }
        var prev = (0..<count).map { $0 - 1 }
        var alive = [Bool](repeating: true, count: count)
        // Popped candidates held back by dropout go back in the heap, so it and `skipped` together
        // never hold more than the 3n keys ever pushed.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * count) { heapBuffer in
            var heap = BinaryHeap<UInt64>.InBuffer(heapBuffer.baseAddress!)
            var skipped: [UInt64] = []
            func consider(_ k: Int) {
                guard k >= 0, next[k] >= 0 else { return }
                let r = pairs.lookup(symbols[k].id, symbols[next[k]].id)
                if r != UInt64.max { heap.push((r >> 32) << 32 | UInt64(k)) }
            }
            for k in 0..<(count - 1) { consider(k) }
            while let top = heap.pop() {
                if dropout > 0 {
                    if random.nextFloat() < dropout {
                        skipped.append(top)
                        continue
                    }
                    for entry in skipped { heap.push(entry) }
                    skipped.removeAll(keepingCapacity: true)
                }
                let k = Int(top & 0xFFFF_FFFF)
                let j = next[k]
                guard alive[k], j >= 0 else { continue }
                let r = pairs.lookup(symbols[k].id, symbols[j].id)
                guard r >> 32 == top >> 32 else { continue }
                symbols[k].id = UInt32(truncatingIfNeeded: r)
                symbols[k].end = symbols[j].end
                alive[j] = false
                next[k] = next[j]
                if next[j] >= 0 { prev[next[j]] = k }
                consider(prev[k])
                consider(k)
            }
        }
        var kept: [MergeSymbol] = []
        var k = 0
        while k >= 0 {
            kept.append(symbols[k])
            k = next[k]
        }
        symbols = kept
    }
}
