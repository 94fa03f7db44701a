/// A map from pairs of `UInt32` to `UInt64`, open-addressed with linear probing over one flat
/// array, keyed by `left << 32 | right` and hashed with a multiplicative (Fibonacci) hash.
/// BPE's merge table ((left id, right id) -> rank << 32 | merged id). Immutable after build;
/// O(1) expected look-up.
///
/// Most look-ups while merging are for pairs that are not in the table (seven in ten on
/// Japanese with cl100k), and the slots they probe are spread over megabytes (cl100k: 233,378
/// pairs, 8 MiB of slots), so each would wait for memory. A bit array in front, eight bits per
/// pair with one bit set per pair (about 11% false positives), answers most of them from a
/// few hundred kilobytes that stay in the CPU's cache; it never hides a pair that is there.
///
/// Pairs of two ids below 256 (the byte tokens of most byte-level vocabularies, so every pair
/// a piece starts with) are also kept in a dense grid: one load, no hash, no probe.
struct PairTable: Sendable {
    /// Slot k holds its key at 2k and its value at 2k + 1: one cache line per probe.
    private var slots: [UInt64]
    private let shift: UInt64
    private let mask: Int
    /// One bit per `filterShift`-selected hash value: set for every pair inserted.
    private var filter: [UInt64]
    private let filterShift: UInt64
    /// `dense[left << 8 | right]` for both ids below 256: the pair's value or `UInt64.max`.
    private var dense: [UInt64]
    private static let empty = UInt64.max

    /// A table with room for `count` merges.
    init(count: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < count * 2 { bits += 1 }
        slots = [UInt64](repeating: Self.empty, count: 2 << bits)
        shift = 64 - bits
        mask = (1 << bits) - 1
        var filterBits: UInt64 = 9
        while (1 << filterBits) < count * 8 { filterBits += 1 }
        filter = [UInt64](repeating: 0, count: 1 << (filterBits - 6))
        filterShift = 64 - filterBits
        dense = [UInt64](repeating: Self.empty, count: 1 << 16)
    }

    /// The filter bit of `key`, from a second multiplicative hash (independent of the slot's).
    @inline(__always)
    private func filterBit(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key ^ (key >> 29)) &* 0xC2B2_AE3D_27D4_EB4F) >> filterShift)
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
        let bit = filterBit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        if left | right < 256 { dense[Int(left << 8 | right)] = value }
    }

    /// The value of the pair (for BPE: `rank << 32 | merged`, so comparing two results compares
    /// ranks first), or `UInt64.max` when the pair is absent.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        if left | right < 256 { return dense.withUnsafeBufferPointer { $0[Int(left << 8 | right)] } }
        let key = UInt64(left) << 32 | UInt64(right)
        let bit = filterBit(key)
        let word = filter.withUnsafeBufferPointer { $0[bit >> 6] }
        guard word & (1 << UInt64(bit & 63)) != 0 else { return UInt64.max }
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
