/// A map from pairs of `UInt32` to `UInt64`, open-addressed with linear probing over one flat
/// array, keyed by `left << 32 | right` and hashed with a multiplicative (Fibonacci) hash.
/// BPE's merge table ((left id, right id) -> rank << 32 | merged id) and WordPiece's trie edges
/// ((node, byte) -> child). Immutable after build; O(1) expected look-up.
struct PairTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt64]
    private let shift: UInt64
    private let mask: Int
    private static let empty = UInt64.max

    /// A table with room for `count` merges.
    init(count: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < count * 2 { bits += 1 }
        keys = [UInt64](repeating: Self.empty, count: 1 << bits)
        values = [UInt64](repeating: 0, count: 1 << bits)
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
        while keys[s] != Self.empty && keys[s] != key { s = (s + 1) & mask }
        keys[s] = key
        values[s] = value
    }

    /// The value of the pair (for BPE: `rank << 32 | merged`, so comparing two results compares
    /// ranks first), or `UInt64.max` when the pair is absent.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = UInt64(left) << 32 | UInt64(right)
        return keys.withUnsafeBufferPointer { k in
            var s = slot(key)
            while true {
                let found = k[s]
                if found == key { return values.withUnsafeBufferPointer { $0[s] } }
                if found == Self.empty { return UInt64.max }
                s = (s + 1) & mask
            }
        }
    }
}
