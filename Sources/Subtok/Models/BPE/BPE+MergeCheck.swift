extension BPE {
    /// For tests and fuzzing: the ids of the byte-level piece `bytes`, merged by rank
    /// (`FlatMerge`) or, with `linear`, by `BacktrackingMerger` (nil when this model has none,
    /// or is not byte-level). The two must always agree. O(n log n) or O(n).
    @_spi(Testing) public func mergedIDs(_ bytes: [UInt8], linear: Bool) -> [UInt32]? {
        guard characterLevel == nil, !bytes.isEmpty else { return nil }
        var output = ModelOutput()
        if linear {
            guard let merger = backtrackingMerger() else { return nil }
            bytes.withUnsafeBufferPointer { merger.mergePiece($0.baseAddress!, 0, $0.count, into: &output) }
        } else {
            bytes.withUnsafeBufferPointer { merger.mergePiece($0.baseAddress!, 0, $0.count, into: &output) }
        }
        return output.ids
    }
}
