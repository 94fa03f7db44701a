/// The merge loop shared by byte-level BPE and SentencePiece BPE over one piece's symbols in a
/// caller's buffer: the pair with the lowest rank merges first, the leftmost on ties. The
/// symbols stay where they are, linked by index, and a merge only relinks them.
///
/// Up to `shortLimit` symbols: a rank per position in a stack buffer, found by a linear scan
/// (as tiktoken and gigatoken do: few symbols make a scan cheaper than a heap). Longer: a binary
/// min-heap of (rank, position) with stale entries skipped when popped, O(n log n), so no piece
/// is quadratic. Nothing is allocated on the heap for pieces of up to a few thousand symbols
/// (longer ones take one temporary buffer).
enum FlatMerge {
    /// One symbol: its token id and its byte offset in the piece.
    struct Symbol {
        var id: UInt32
        var start: Int32
    }

    /// The most symbols the linear scan takes; longer pieces go through the heap.
    static let shortLimit = 48

    /// Merges `symbols[0 ..< count]` with `pairs` ((left, right) -> rank << 32 | merged) and
    /// returns the number of symbols left, which are moved to the front in order.
    /// `symbols[count]` must exist (a sentinel holding the piece's end offset); it is moved
    /// down behind the last symbol left.
    @inline(__always)
    static func run(_ symbols: UnsafeMutablePointer<Symbol>, count: Int, pairs: PairTable) -> Int {
        guard count > 1 else { return count }
        if count <= shortLimit { return runShort(symbols, count: count, pairs: pairs) }
        return runLong(symbols, count: count, pairs: pairs)
    }

    /// The linear scan: `merges[k]` is the merge of the symbol at k with the next one alive
    /// (`UInt64.max` for none or for a symbol merged away); `next` and `previous` link the
    /// symbols alive.
    private static func runShort(_ symbols: UnsafeMutablePointer<Symbol>, count n: Int, pairs: PairTable) -> Int {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: shortLimit + 4) { mergeBuffer in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * shortLimit) { linkBuffer in
                let merges = mergeBuffer.baseAddress!
                let next = linkBuffer.baseAddress!, previous = next + shortLimit
                for k in 0..<n {
                    next[k] = UInt8(truncatingIfNeeded: k &+ 1)
                    previous[k] = UInt8(truncatingIfNeeded: k &- 1)
                }
                for k in 0..<(n - 1) { merges[k] = pairs.lookup(symbols[k].id, symbols[k + 1].id) }
                let scanned = (n + 2) & ~3
                for k in (n - 1)..<scanned { merges[k] = UInt64.max }
                while true {
                    let best = lowest(merges, scanned)
                    if best == UInt64.max { break }
                    var at = 0
                    while merges[at] != best { at += 1 }
                    symbols[at].id = UInt32(truncatingIfNeeded: best)
                    let gone = Int(next[at])
                    let after = Int(next[gone])
                    merges[gone] = UInt64.max
                    next[at] = UInt8(truncatingIfNeeded: after)
                    if after < n {
                        previous[after] = UInt8(truncatingIfNeeded: at)
                        merges[at] = pairs.lookup(symbols[at].id, symbols[after].id)
                    } else {
                        merges[at] = UInt64.max
                    }
                    let before = Int(previous[at])
                    if before < n { merges[before] = pairs.lookup(symbols[before].id, symbols[at].id) }
                }
                return compact(symbols, count: n) { Int(next[$0]) }
            }
        }
    }

    /// The lowest of `values[0 ..< count]` (a multiple of four), in four independent chains of
    /// comparisons rather than one.
    @inline(__always)
    private static func lowest(_ values: UnsafeMutablePointer<UInt64>, _ count: Int) -> UInt64 {
        var a = UInt64.max, b = UInt64.max, c = UInt64.max, d = UInt64.max
        var k = 0
        while k < count {
            a = min(a, values[k])
            b = min(b, values[k + 1])
            c = min(c, values[k + 2])
            d = min(d, values[k + 3])
            k += 4
        }
        return min(min(a, b), min(c, d))
    }

    /// The heap merge: entries `rank << 32 | position` for the pair starting at each position;
    /// a popped entry is skipped when its position was merged away, has no next symbol, or
    /// its pair's rank changed. At most 3n entries are ever pushed.
    private static func runLong(_ symbols: UnsafeMutablePointer<Symbol>, count n: Int, pairs: PairTable) -> Int {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * n) { linkBuffer in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * n) { heapBuffer in
                let next = linkBuffer.baseAddress!, previous = next + n
                var heap = BinaryHeap<UInt64>.InBuffer(heapBuffer.baseAddress!)
                for k in 0..<n {
                    next[k] = Int32(truncatingIfNeeded: k + 1)
                    previous[k] = Int32(truncatingIfNeeded: k - 1)
                }
                for k in 0..<(n - 1) {
                    let r = pairs.lookup(symbols[k].id, symbols[k + 1].id)
                    if r != UInt64.max { heap.push(r & 0xFFFF_FFFF_0000_0000 | UInt64(k)) }
                }
                while let top = heap.pop() {
                    let at = Int(top & 0xFFFF_FFFF)
                    let gone = Int(next[at])
                    guard gone < n else { continue }
                    let r = pairs.lookup(symbols[at].id, symbols[gone].id)
                    guard r >> 32 == top >> 32 else { continue }
                    symbols[at].id = UInt32(truncatingIfNeeded: r)
                    let after = Int(next[gone])
                    next[at] = Int32(truncatingIfNeeded: after)
                    next[gone] = Int32(truncatingIfNeeded: n)
                    if after < n {
                        previous[after] = Int32(truncatingIfNeeded: at)
                        let ra = pairs.lookup(symbols[at].id, symbols[after].id)
                        if ra != UInt64.max { heap.push(ra & 0xFFFF_FFFF_0000_0000 | UInt64(at)) }
                    }
                    let before = Int(previous[at])
                    if before >= 0 {
                        let rb = pairs.lookup(symbols[before].id, symbols[at].id)
                        if rb != UInt64.max { heap.push(rb & 0xFFFF_FFFF_0000_0000 | UInt64(before)) }
                    }
                }
                return compact(symbols, count: n) { Int(next[$0]) }
            }
        }
    }

    /// Moves the symbols alive (from 0, following `next` until it reaches `count`) and then the
    /// sentinel to the front; returns how many are alive. Positions only grow along the links,
    /// so no symbol is overwritten before it is read.
    @inline(__always)
    private static func compact(_ symbols: UnsafeMutablePointer<Symbol>, count: Int, next: (Int) -> Int) -> Int {
        var kept = 0
        var k = 0
        while k < count {
            symbols[kept] = symbols[k]
            kept += 1
            k = next(k)
        }
        symbols[kept] = symbols[count]
        return kept
    }
}
