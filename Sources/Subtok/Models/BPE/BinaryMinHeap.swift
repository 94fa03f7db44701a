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
