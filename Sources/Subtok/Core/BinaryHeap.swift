/// A binary heap with the smallest element by `<` on top (a max-heap orders its elements the
/// other way round in `<`), in an array that grows. `BinaryHeap.InBuffer` is the same heap in a
/// caller's buffer, for merge loops that allocate nothing. Both move elements into a hole
/// instead of swapping them. O(log n) per push and pop.
struct BinaryHeap<Element: Comparable> {
    private var items: [Element] = []

    /// True when the heap holds nothing.
    var isEmpty: Bool { items.isEmpty }
    /// How many elements the heap holds.
    var count: Int { items.count }

    /// Adds `value`.
    mutating func push(_ value: Element) {
        items.append(value)
        items.withUnsafeMutableBufferPointer { Self.siftUp(value, in: $0.baseAddress!, from: $0.count - 1) }
    }

    /// Removes and returns the smallest element, or nil when empty.
    mutating func pop() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        return items.withUnsafeMutableBufferPointer { buffer in
            let top = buffer[0]
            Self.siftDown(last, in: buffer.baseAddress!, count: buffer.count)
            return top
        }
    }

    /// Removes every element, keeping the storage.
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    /// The heap in a caller's buffer, which must have room for every element the heap holds at
    /// once (a merge of n symbols never holds more than 3n: n - 1 first pairs and two per
    /// merge). Allocates nothing.
    struct InBuffer {
        private let items: UnsafeMutablePointer<Element>
        private var count = 0

        init(_ items: UnsafeMutablePointer<Element>) { self.items = items }

        /// Adds `value`.
        @inline(__always)
        mutating func push(_ value: Element) {
            BinaryHeap.siftUp(value, in: items, from: count)
            count += 1
        }

        /// Removes and returns the smallest element, or nil when empty.
        @inline(__always)
        mutating func pop() -> Element? {
            guard count > 0 else { return nil }
            let top = items[0]
            count -= 1
            BinaryHeap.siftDown(items[count], in: items, count: count)
            return top
        }
    }

    /// Puts `value` in the hole at `index` of the heap `items[0 ... index]` and moves it up
    /// past every parent greater than it.
    @inline(__always)
    static func siftUp(_ value: Element, in items: UnsafeMutablePointer<Element>, from index: Int) {
        var i = index
        while i > 0 {
            let parent = (i - 1) >> 1
            if !(value < items[parent]) { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = value
    }

    /// Puts `value` in the hole at the top of the heap `items[0 ..< count]` and moves it down
    /// past every smaller child.
    @inline(__always)
    static func siftDown(_ value: Element, in items: UnsafeMutablePointer<Element>, count: Int) {
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && items[child + 1] < items[child] { child += 1 }
            if !(items[child] < value) { break }
            items[i] = items[child]
            i = child
        }
        items[i] = value
    }
}
