/// A binary min-heap of `UInt64` keys in a caller's buffer, which must have room for every key
/// in the heap at once (a merge of n symbols never holds more than 3n: n - 1 first pairs and two
/// per merge). O(log n) per push and pop; allocates nothing.
struct BinaryMinHeap {
    private let items: UnsafeMutablePointer<UInt64>
    private var count = 0

    init(_ items: UnsafeMutablePointer<UInt64>) { self.items = items }

    mutating func push(_ v: UInt64) {
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if items[parent] <= v { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = v
    }

    mutating func pop() -> UInt64? {
        guard count > 0 else { return nil }
        let top = items[0]
        count -= 1
        let v = items[count]
        var i = 0
        while true {
            var c = 2 * i + 1
            if c >= count { break }
            if c + 1 < count && items[c + 1] < items[c] { c += 1 }
            if v <= items[c] { break }
            items[i] = items[c]
            i = c
        }
        items[i] = v
        return top
    }
}
