/// A byte trie over token strings with two roots: word-initial tokens as spelled, and
/// continuation tokens with their prefix (`##`) removed, so WordPiece's longest match is one walk
/// down the trie instead of one hash look-up per candidate length. Edges are stored per node,
/// sorted by byte; the busiest nodes also get a 256-entry row.
struct TokenTrie: Sendable {
    /// The root of word-initial tokens.
    static let initialRoot: UInt32 = 0
    /// The root of continuation tokens.
    static let continuationRoot: UInt32 = 1
    static let none = UInt32.max

    /// The children of node k are `labels[firstEdge[k] ..< firstEdge[k + 1]]` (sorted) with
    /// targets `targets[...]`: a node's edges share a cache line, scanned linearly.
    private let firstEdge: [UInt32]
    private let labels: [UInt8]
    private let targets: [UInt32]
    /// The token id ending at each node, or `none`.
    private let tokenAtNode: [UInt32]
    /// For the nodes with the most children (both roots, `▁`, common prefixes), a row of 256
    /// children in `denseChildren` indexed directly by byte; -1 for the others.
    private let denseRow: [Int32]
    private let denseChildren: [UInt32]
    /// Nodes with fewer children are scanned; at most this many rows (1 KiB each) are built.
    private static let denseMinimumChildren = 8
    private static let maximumDenseRows = 4096

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
        let order = keys.indices.sorted { a, b in
            if keys[a].1 != keys[b].1 { return keys[a].1 < keys[b].1 }
            if keys[a].0.lexicographicallyPrecedes(keys[b].0) { return true }
            return keys[a].0 == keys[b].0 && a < b
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
        var firstEdge = [UInt32](repeating: 0, count: tokenAtNode.count + 1)
        for edge in edgeList { firstEdge[Int(edge.parent) + 1] += 1 }
        for k in 0..<tokenAtNode.count { firstEdge[k + 1] += firstEdge[k] }
        var next = firstEdge
        var labels = [UInt8](repeating: 0, count: edgeList.count)
        var targets = [UInt32](repeating: 0, count: edgeList.count)
        for edge in edgeList {
            let k = Int(next[Int(edge.parent)])
            next[Int(edge.parent)] += 1
            labels[k] = edge.label
            targets[k] = edge.child
        }
        let childCount = (0..<tokenAtNode.count).map { Int(firstEdge[$0 + 1] - firstEdge[$0]) }
        // The roots always get a row, then the nodes with the most children.
        let priority = { (node: Int) in node <= Int(Self.continuationRoot) ? Int.max : childCount[node] }
        let crowded = (0..<tokenAtNode.count).filter { priority($0) >= Self.denseMinimumChildren }
            .sorted { priority($0) > priority($1) }.prefix(Self.maximumDenseRows)
        var denseRow = [Int32](repeating: -1, count: tokenAtNode.count)
        var denseChildren = [UInt32](repeating: Self.none, count: crowded.count << 8)
        for (row, node) in crowded.enumerated() {
            denseRow[node] = Int32(row)
            for k in Int(firstEdge[node])..<Int(firstEdge[node + 1]) {
                denseChildren[row << 8 | Int(labels[k])] = targets[k]
            }
        }
        self.firstEdge = firstEdge
        self.labels = labels
        self.targets = targets
        self.tokenAtNode = tokenAtNode
        self.denseRow = denseRow
        self.denseChildren = denseChildren
    }

    /// The child of `node` along byte `b`, or nil.
    @inline(__always)
    private func child(_ node: UInt32, _ b: UInt8) -> UInt32? {
        let row = denseRow.withUnsafeBufferPointer { $0[Int(node)] }
        if row >= 0 {
            let c = denseChildren.withUnsafeBufferPointer { $0[Int(row) << 8 | Int(b)] }
            return c == Self.none ? nil : c
        }
        return firstEdge.withUnsafeBufferPointer { first in
            labels.withUnsafeBufferPointer { labels in
                var k = Int(first[Int(node)])
                let stop = Int(first[Int(node) + 1])
                while k < stop {
                    let label = labels[k]
                    if label == b { return targets.withUnsafeBufferPointer { $0[k] } }
                    if label > b { return nil }
                    k += 1
                }
                return nil
            }
        }
    }

    /// Calls `body` with (id, length) for every token that `p[start ..< end]` starts with,
    /// shortest first (a common-prefix search). O(length of the longest match + 1).
    @inline(__always)
    func forEachPrefix(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, from root: UInt32, _ body: (UInt32, Int) -> Void) {
        var node = root
        var j = start
        tokenAtNode.withUnsafeBufferPointer { tokenAtNode in
            while j < end {
                guard let next = child(node, p[j]) else { return }
                node = next
                j += 1
                let id = tokenAtNode[Int(node)]
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
            let id = tokenAtNode[Int(node)]
            if id != Self.none { best = (id, j - start) }
        }
        return best
    }
}
