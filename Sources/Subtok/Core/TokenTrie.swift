/// A byte trie over token strings with two roots: word-initial tokens as spelled, and
/// continuation tokens with their prefix (`##`) removed, so WordPiece's longest match is one walk
/// down the trie instead of one hash look-up per candidate length. Edges live in a `PairTable`
/// keyed by (node, byte).
struct TokenTrie: Sendable {
    /// The root of word-initial tokens.
    static let initialRoot: UInt32 = 0
    /// The root of continuation tokens.
    static let continuationRoot: UInt32 = 1
    static let none = UInt32.max

    private let edges: PairTable
    /// The token id ending at each node, or `none`.
    private let tokenAtNode: [UInt32]

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

    /// Builds the trie from (bytes, root, id) keys; the first id entered for a key wins.
    init(keys: [([UInt8], UInt32, UInt32)]) {
        let edgeCount = keys.reduce(0) { $0 + $1.0.count }
        var edges = PairTable(count: edgeCount + 1)
        var tokenAtNode: [UInt32] = [Self.none, Self.none]
        for (bytes, root, id) in keys {
            var node = root
            for b in bytes {
                let next = edges.lookup(node, UInt32(b))
                if next != UInt64.max {
                    node = UInt32(next)
                } else {
                    let child = UInt32(tokenAtNode.count)
                    tokenAtNode.append(Self.none)
                    edges.insert(node, UInt32(b), value: UInt64(child))
                    node = child
                }
            }
            if tokenAtNode[Int(node)] == Self.none { tokenAtNode[Int(node)] = id }
        }
        self.edges = edges
        self.tokenAtNode = tokenAtNode
    }

    /// Calls `body` with (id, length) for every token that `p[start ..< end]` starts with,
    /// shortest first (a common-prefix search). O(length of the longest match + 1).
    @inline(__always)
    func forEachPrefix(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, from root: UInt32, _ body: (UInt32, Int) -> Void) {
        var node = root
        var j = start
        while j < end {
            let next = edges.lookup(node, UInt32(p[j]))
            if next == UInt64.max { return }
            node = UInt32(truncatingIfNeeded: next)
            j += 1
            let id = tokenAtNode[Int(node)]
            if id != Self.none { body(id, j - start) }
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
            let next = edges.lookup(node, UInt32(p[j]))
            if next == UInt64.max { break }
            node = UInt32(truncatingIfNeeded: next)
            j += 1
            let id = tokenAtNode[Int(node)]
            if id != Self.none { best = (id, j - start) }
        }
        return best
    }
}
