/// A map from pairs of `UInt32` to `UInt64`, open-addressed with linear probing over one flat
/// array, keyed by `left << 32 | right` and hashed with a multiplicative (Fibonacci) hash.
/// BPE's merge table ((left id, right id) -> rank << 32 | merged id) and WordPiece's trie edges
/// ((node, byte) -> child). Immutable after build; O(1) expected look-up.
struct PairTable: Sendable {
    /// Slot k holds its key at 2k and its value at 2k + 1: one cache line per probe.
    private var slots: [UInt64]
    private let shift: UInt64
    private let mask: Int
    private static let empty = UInt64.max

    /// A table with room for `count` merges.
    init(count: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < count * 2 { bits += 1 }
        slots = [UInt64](repeating: Self.empty, count: 2 << bits)
        shift = 64 - bits
        mask = (1 << bits) - 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Sets the merge of (`left`, `right`); a later call for the same pair replaces the earlier
    /// one (as `tokenizers` does with duplicate merges).
    mutating func insert(_ left: UInt32, _ right: UInt32, rank: UInt32, merged: UInt32) {
        insert(left, right, value: UInt64(rank) << 32 | UInt64(merged))
    }

    /// Sets the value of (`left`, `right`), replacing an earlier one. The table must have been
    /// created with room for every pair inserted.
    mutating func insert(_ left: UInt32, _ right: UInt32, value: UInt64) {
        let key = UInt64(left) << 32 | UInt64(right)
        var s = slot(key)
        while slots[2 * s] != Self.empty && slots[2 * s] != key { s = (s + 1) & mask }
        slots[2 * s] = key
        slots[2 * s + 1] = value
    }

    /// The value of the pair (for BPE: `rank << 32 | merged`, so comparing two results compares
    /// ranks first), or `UInt64.max` when the pair is absent.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = UInt64(left) << 32 | UInt64(right)
        return slots.withUnsafeBufferPointer { t in
            var s = slot(key)
            while true {
                let found = t[2 * s]
                if found == key { return t[2 * s + 1] }
                if found == Self.empty { return UInt64.max }
                s = (s + 1) & mask
            }
        }
    }
}
