/// The BPE trainer's table of symbol pairs: an open-addressed map from a pair of ids to a dense
/// slot, with each slot's weighted count and the words it occurs in (an append-only list that
/// may hold words where the pair is gone; the merge step skips those).
struct PairIndex {
    private var keys: [UInt64]
    private var slotOfKey: [Int32]
    private var mask: Int
    /// The pair of each slot, as `left << 32 | right`.
    private(set) var pairs: [UInt64] = []
    /// The weighted count of each slot's pair.
    var counts: [Int64] = []
    /// The words each slot's pair has occurred in since it was first seen.
    var words: [[UInt32]] = []

    init(capacity: Int) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: .max, count: size)
        slotOfKey = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    static func key(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    /// The slot of (left, right), created with count 0 when new.
    @inline(__always)
    mutating func slot(_ left: UInt32, _ right: UInt32) -> Int {
        let key = Self.key(left, right)
        var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let k = keys[h]
            if k == key { return Int(slotOfKey[h]) }
            if k == .max { break }
            h = (h + 1) & mask
        }
        keys[h] = key
        slotOfKey[h] = Int32(pairs.count)
        pairs.append(key)
        counts.append(0)
        words.append([])
        if pairs.count * 2 > keys.count { grow() }
        return pairs.count - 1
    }

    /// Adds `delta` to the count of (left, right) and, when positive, notes `word` for it.
    @inline(__always)
    mutating func add(_ left: UInt32, _ right: UInt32, _ delta: Int64, word: UInt32) -> Int {
        let s = slot(left, right)
        counts[s] += delta
        if delta > 0 && words[s].last != word { words[s].append(word) }
        return s
    }

    private mutating func grow() {
        let size = keys.count * 2
        keys = [UInt64](repeating: .max, count: size)
        slotOfKey = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (s, key) in pairs.enumerated() {
            var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while keys[h] != .max { h = (h + 1) & mask }
            keys[h] = key
            slotOfKey[h] = Int32(s)
        }
    }
}
