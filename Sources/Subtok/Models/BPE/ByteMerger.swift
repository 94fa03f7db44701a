/// The merge loop of byte-level BPE over one piece: the byte -> id table and the merge table.
struct ByteMerger: Sendable {
    /// (left, right) -> (rank, merged id).
    let pairs: PairTable
    /// The id of each byte's token (`ByteMerger.missing` when the vocabulary lacks it).
    let byteIDs: [UInt32]

    static let missing = UInt32.max

    /// Merges the `n` bytes at `p` (offset `start` in the text) with `FlatMerge` in a temporary
    /// buffer of n + 1 symbols and appends the tokens: O(n log n), no heap allocation below a few
    /// thousand bytes.
    func mergePiece(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        withUnsafeTemporaryAllocation(of: FlatMerge.Symbol.self, capacity: n + 1) { buffer in
            let sym = buffer.baseAddress!
            var m = 0
            byteIDs.withUnsafeBufferPointer { byteIDs in
                for i in 0..<n {
                    let id = byteIDs[Int(p[i])]
                    if id != Self.missing {
                        sym[m] = FlatMerge.Symbol(id: id, start: Int32(truncatingIfNeeded: i))
                        m += 1
                    }
                }
            }
            sym[m] = FlatMerge.Symbol(id: 0, start: Int32(truncatingIfNeeded: n))
            m = FlatMerge.run(sym, count: m, pairs: pairs)
            for k in 0..<m {
                output.append(sym[k].id, start + Int(sym[k].start), start + Int(sym[k + 1].start))
            }
        }
    }
}
