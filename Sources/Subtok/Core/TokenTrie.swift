import Glibc

/// A byte trie over token strings with two roots: word-initial tokens as spelled, and
/// continuation tokens with their prefix (`##`) removed, so WordPiece's longest match and
/// Unigram's common-prefix search are one walk down the trie instead of one hash look-up per
/// candidate length. Stored as a double array: the child of slot s along byte b is slot
/// `base(s) + b` when that slot's `check` is s, and each slot also holds the token ending there,
/// so a step reads one 12-byte slot.
struct TokenTrie: Sendable {
    /// The root of word-initial tokens.
    static let initialRoot: UInt32 = 0
    /// The root of continuation tokens.
    static let continuationRoot: UInt32 = 1
    static let none = UInt32.max

    /// One trie node: where its children start, its parent (`free` when unused) and its token.
    private struct Slot {
        var base: Int32 = 0
        var check: Int32 = Slot.free
        var token: UInt32 = TokenTrie.none
        static let free: Int32 = -1
        static let root: Int32 = -2
    }

    /// Every slot, with at least 256 past the largest base so a step never leaves the array.
    private let slots: [Slot]

    /// Builds the trie from every token of `vocabulary`; tokens starting with `prefix` are also
    /// entered under the continuation root without it. O(total token bytes).
    init(_ vocabulary: Vocabulary, continuationPrefix prefix: String) {
        let prefixBytes = Array(prefix.utf8)
        var keys: [([UInt8], UInt32, UInt32)] = []
        for (id, token) in vocabulary.tokens.enumerated() {
            let bytes = Array(token.utf8)
            keys.append((bytes, Self.initialRoot, UInt32(id)))
            if !prefixBytes.isEmpty, bytes.starts(with: prefixBytes) {
                keys.append((Array(bytes[prefixBytes.count...]), Self.continuationRoot, UInt32(id)))
            }
        }
        self.init(keys: keys)
    }

    /// Builds the trie from (bytes, root, id) keys; the first id entered for a key wins. The
    /// keys are sorted, so each new key shares its nodes with the previous one up to their
    /// common prefix and every node's children are created in label order: no look-up table.
    /// O(total key bytes + sort).
    init(keys: [([UInt8], UInt32, UInt32)]) {
        let heads = keys.map { Self.head($0.0) }
        let order = keys.indices.sorted { a, b in
            if keys[a].1 != keys[b].1 { return keys[a].1 < keys[b].1 }
            if heads[a] != heads[b] { return heads[a] < heads[b] }
            let c = Self.compare(keys[a].0, keys[b].0)
            return c != 0 ? c < 0 : a < b
        }
        var tokenAtNode: [UInt32] = [Self.none, Self.none]
        var edgeList: [(parent: UInt32, label: UInt8, child: UInt32)] = []
        var path: [UInt32] = []
        var previous: [UInt8] = []
        var previousRoot = Self.none
        for index in order {
            let (bytes, root, id) = keys[index]
            var common = 0
            if root == previousRoot {
                let limit = min(bytes.count, previous.count)
                while common < limit && bytes[common] == previous[common] { common += 1 }
            }
            path.removeSubrange(common...)
            var node = common == 0 ? root : path[common - 1]
            for b in bytes[common...] {
                let child = UInt32(tokenAtNode.count)
                tokenAtNode.append(Self.none)
                edgeList.append((node, b, child))
                path.append(child)
                node = child
            }
            if tokenAtNode[Int(node)] == Self.none { tokenAtNode[Int(node)] = id }
            previous = bytes
            previousRoot = root
        }
        var firstEdge = [Int](repeating: 0, count: tokenAtNode.count + 1)
        for edge in edgeList { firstEdge[Int(edge.parent) + 1] += 1 }
        for k in 0..<tokenAtNode.count { firstEdge[k + 1] += firstEdge[k] }
        var next = firstEdge
        var labels = [UInt8](repeating: 0, count: edgeList.count)
        var targets = [UInt32](repeating: 0, count: edgeList.count)
        for edge in edgeList {
            let k = next[Int(edge.parent)]
            next[Int(edge.parent)] += 1
            labels[k] = edge.label
            targets[k] = edge.child
        }
        slots = Self.place(firstEdge: firstEdge, labels: labels, targets: targets, tokenAtNode: tokenAtNode)
    }

    /// The first eight bytes of `bytes` as a big-endian number (zeros past the end): keys whose
    /// heads differ sort as their heads do, without a byte-by-byte comparison.
    private static func head(_ bytes: [UInt8]) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<8 { value = value << 8 | UInt64(k < bytes.count ? bytes[k] : 0) }
        return value
    }

    /// Negative, zero or positive as `x` sorts before, with or after `y` byte by byte (a
    /// prefix first): one `memcmp`.
    private static func compare(_ x: [UInt8], _ y: [UInt8]) -> Int {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                let common = min(x.count, y.count)
                if common > 0 {
                    let c = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if c != 0 { return Int(c) }
                }
                return x.count - y.count
            }
        }
    }

    /// Lays the trie (children of node k: `labels`/`targets[firstEdge[k] ..< firstEdge[k + 1]]`)
    /// out as a double array, breadth first: each node's base is the first one, trying free
    /// slots in order (a linked list of them), where all its children's slots are free; after
    /// 64 failed tries the node goes past the highest slot used. O(nodes × 64 × children) at
    /// worst, about linear in practice.
    private static func place(firstEdge: [Int], labels: [UInt8], targets: [UInt32], tokenAtNode: [UInt32]) -> [Slot] {
        var slots: [Slot] = []
        var nextFree: [Int] = [], previousFree: [Int] = []
        func grow() {
            let old = slots.count, count = max(512, old)
            slots.append(contentsOf: repeatElement(Slot(), count: count))
            for k in old..<(old + count) { nextFree.append(k + 1); previousFree.append(k - 1) }
        }
        func occupy(_ k: Int) {
            nextFree[previousFree[k]] = nextFree[k]
            previousFree[nextFree[k]] = previousFree[k]
        }
        grow()
        // Slot 0 heads the free list, so the initial root (also slot 0) is taken by hand.
        var slotOf = [Int32](repeating: -1, count: tokenAtNode.count)
        for root in [Int(initialRoot), Int(continuationRoot)] {
            slotOf[root] = Int32(root)
            slots[root].check = Slot.root
            slots[root].token = tokenAtNode[root]
        }
        nextFree[0] = 2
        previousFree[2] = 0
        var highest = 1
        var queue = [Int(initialRoot), Int(continuationRoot)]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            let edges = firstEdge[node]..<firstEdge[node + 1]
            guard !edges.isEmpty else { continue }
            let lowest = Int(labels[edges.lowerBound])
            var position = nextFree[0]
            var tries = 0
            var base: Int
            while true {
                while position + 256 >= slots.count { grow() }
                base = position - lowest
                if base >= 0 && edges.allSatisfy({ slots[base + Int(labels[$0])].check == Slot.free }) { break }
                tries += 1
                if tries > 64 {
                    base = highest + 1
                    while base + 256 >= slots.count { grow() }
                    break
                }
                position = nextFree[position]
            }
            let parent = Int(slotOf[node])
            slots[parent].base = Int32(base)
            for k in edges {
                let s = base + Int(labels[k])
                slots[s].check = Int32(parent)
                slots[s].token = tokenAtNode[Int(targets[k])]
                occupy(s)
                highest = max(highest, s)
                slotOf[Int(targets[k])] = Int32(s)
                queue.append(Int(targets[k]))
            }
        }
        return slots
    }

    /// The child of slot `node` along byte `b`, or nil.
    @inline(__always)
    private func child(_ node: UInt32, _ b: UInt8) -> UInt32? {
        slots.withUnsafeBufferPointer { slots in
            let next = Int(slots[Int(node)].base) + Int(b)
            return slots[next].check == Int32(bitPattern: node) ? UInt32(next) : nil
        }
    }

    /// Calls `body` with (id, length) for every token that `p[start ..< end]` starts with,
    /// shortest first (a common-prefix search). O(length of the longest match + 1).
    @inline(__always)
    func forEachPrefix(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, from root: UInt32, _ body: (UInt32, Int) -> Void
    ) {
        var node = root
        var j = start
        slots.withUnsafeBufferPointer { slots in
            while j < end {
                let next = Int(slots[Int(node)].base) + Int(p[j])
                guard slots[next].check == Int32(bitPattern: node) else { return }
                node = UInt32(next)
                j += 1
                let id = slots[next].token
                if id != Self.none { body(id, j - start) }
            }
        }
    }

    /// The longest token that `p[start ..< end]` starts with, walking from `root`:
    /// (id, length), or nil. Empty tokens never match. O(length of the match + 1).
    @inline(__always)
    func longestMatch(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, from root: UInt32) -> (UInt32, Int)? {
        var node = root
        var best: (UInt32, Int)?
        var j = start
        while j < end {
            guard let next = child(node, p[j]) else { break }
            node = next
            j += 1
            let id = slots[Int(node)].token
            if id != Self.none { best = (id, j - start) }
        }
        return best
    }
}
