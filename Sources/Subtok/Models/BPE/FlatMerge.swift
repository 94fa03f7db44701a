/// The flat merge loop shared by byte-level BPE and SentencePiece BPE: the symbols of one short
/// piece sit in a buffer, each step scans for the pair with the lowest rank (leftmost on ties)
/// and closes the gap. O(n²) worst case and no heap allocation: fastest for pieces of up to
/// about 64 symbols (as tiktoken does); longer pieces go through a heap.
enum FlatMerge {
    /// One symbol: its token id, its byte offset in the piece, and the merge of it with the
    /// next symbol (`rank << 32 | merged id`, `UInt64.max` for none).
    struct Symbol {
        var id: UInt32
        var start: Int32
        var merge: UInt64 = UInt64.max
    }

    /// Merges `symbols[0 ..< count]` in place with `pairs` ((left, right) -> rank << 32 | merged)
    /// and returns the number of symbols left. `symbols[count]` must exist (a sentinel holding
    /// the piece's end offset); it is moved down as symbols merge.
    @inline(__always)
    static func run(_ symbols: UnsafeMutablePointer<Symbol>, count: Int, pairs: PairTable) -> Int {
        var m = count
        guard m > 1 else { return m }
        for k in 0..<(m - 1) { symbols[k].merge = pairs.lookup(symbols[k].id, symbols[k + 1].id) }
        while m > 1 {
            var best = UInt64.max
            var bk = -1
            for k in 0..<(m - 1) where symbols[k].merge < best { best = symbols[k].merge; bk = k }
            if bk < 0 { break }
            symbols[bk].id = UInt32(truncatingIfNeeded: best)
            var k = bk + 1
            while k < m { symbols[k] = symbols[k + 1]; k += 1 }
            m -= 1
            symbols[bk].merge = bk < m - 1 ? pairs.lookup(symbols[bk].id, symbols[bk + 1].id) : UInt64.max
            if bk > 0 { symbols[bk - 1].merge = pairs.lookup(symbols[bk - 1].id, symbols[bk].id) }
        }
        return m
    }
}
