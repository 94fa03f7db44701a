import Glibc

/// The Unigram trainer's view of the corpus and the current pieces: every distinct word as its
/// characters (with byte offsets), and a table from piece text to piece index that also marks
/// every prefix of a piece, so enumerating the pieces that start at a position stops as soon as
/// no piece can continue. One lattice walk per word costs O(characters × pieces per position).
struct TrainingLattice: @unchecked Sendable {
    /// All words' UTF-8 bytes, back to back.
    let bytes: [UInt8]
    /// Byte offset of each character start, per word back to back, each word closed by its end
    /// offset: word w's characters are `charStarts[firstChar[w] ..< firstChar[w + 1] - 1]`.
    let charStarts: [Int]
    /// Index into `charStarts` of each word's first character, plus one final entry.
    let firstChar: [Int]
    /// The count of each word.
    let counts: [Double]

    /// Piece text (and prefixes of pieces) -> piece index (or `prefixOnly`).
    private(set) var table = ByteStringTable()
    /// The score (log probability) of each piece.
    private(set) var scores: [Double] = []
    /// The lowest piece score; unknown characters score 10 below it (as SentencePiece).
    private(set) var minimumScore = 0.0
    static let prefixOnly = UInt32.max
    static let unknown = -1

    /// The words of `counts` as characters.
    init(words: [(word: [UInt8], count: UInt64)]) {
        var bytes: [UInt8] = []
        var charStarts: [Int] = []
        var firstChar: [Int] = []
        var counts: [Double] = []
        for (word, count) in words {
            firstChar.append(charStarts.count)
            var i = 0
            while i < word.count {
                charStarts.append(bytes.count + i)
                i += max(1, UTF8Bytes.sequenceLength(lead: word[i]))
            }
            charStarts.append(bytes.count + word.count)
            bytes.append(contentsOf: word)
            counts.append(Double(count))
        }
        firstChar.append(charStarts.count)
        self.bytes = bytes
        self.charStarts = charStarts
        self.firstChar = firstChar
        self.counts = counts
    }

    var wordCount: Int { counts.count }

    /// Replaces the pieces (UTF-8 texts with scores).
    mutating func setPieces(_ pieces: [(text: [UInt8], score: Double)]) {
        var table = ByteStringTable(capacity: pieces.count * 3)
        for (k, piece) in pieces.enumerated() { _ = table.insert(piece.text, value: UInt32(k)) }
        for piece in pieces {
            var i = 0
            while i < piece.text.count {
                i += max(1, UTF8Bytes.sequenceLength(lead: piece.text[i]))
                if i < piece.text.count { _ = table.insert(piece.text[0..<i], value: Self.prefixOnly) }
            }
        }
        self.table = table
        self.scores = pieces.map(\.score)
        self.minimumScore = scores.min() ?? 0
    }

    /// A node of one word's lattice: characters `start ..< end`, a piece (or `unknown`), a score.
    struct Node {
        var start: Int32
        var end: Int32
        var piece: Int32
        var score: Double
    }

    /// The nodes of word `w` (character positions relative to the word), sorted by start; an
    /// unknown node covers each character no one-character piece starts with. Returns the
    /// word's length in characters.
    func nodes(of w: Int, into nodes: inout [Node]) -> Int {
        let first = firstChar[w], last = firstChar[w + 1]
        return bytes.withUnsafeBufferPointer { b in
            charStarts.withUnsafeBufferPointer { c in
                self.nodes(b.baseAddress!, UnsafeBufferPointer(rebasing: c[first..<last]), into: &nodes)
            }
        }
    }

    /// The nodes of the text at `p` whose character starts (and end) are `starts`.
    func nodes(_ p: UnsafePointer<UInt8>, _ starts: UnsafeBufferPointer<Int>, into nodes: inout [Node]) -> Int {
        nodes.removeAll(keepingCapacity: true)
        let n = starts.count - 1
        for i in 0..<n {
            let from = starts[i]
            var hasSingle = false
            var j = i + 1
            while j <= n {
                guard let v = table.lookup(p + from, starts[j] - from) else { break }
                if v != Self.prefixOnly {
                    nodes.append(Node(start: Int32(i), end: Int32(j), piece: Int32(v), score: scores[Int(v)]))
                    if j == i + 1 { hasSingle = true }
                }
                j += 1
            }
            if !hasSingle { nodes.append(Node(start: Int32(i), end: Int32(i + 1), piece: Int32(Self.unknown), score: minimumScore - 10)) }
        }
        return n
    }

    /// Adds `count ×` the marginal probability of each piece in word `w`'s lattice to `expected`
    /// (forward-backward in log space) and returns the log-likelihood of the word.
    func addMarginals(of w: Int, _ nodes: inout [Node], _ alpha: inout [Double], _ beta: inout [Double], into expected: inout [Double]) -> Double {
        let n = self.nodes(of: w, into: &nodes)
        alpha.removeAll(keepingCapacity: true)
        alpha.append(contentsOf: repeatElement(-Double.infinity, count: n + 1))
        beta.removeAll(keepingCapacity: true)
        beta.append(contentsOf: repeatElement(-Double.infinity, count: n + 1))
        alpha[0] = 0
        beta[n] = 0
        for node in nodes {
            let s = Int(node.start), e = Int(node.end)
            alpha[e] = logAddExp(alpha[e], alpha[s] + node.score)
        }
        for node in nodes.reversed() {
            let s = Int(node.start), e = Int(node.end)
            beta[s] = logAddExp(beta[s], node.score + beta[e])
        }
        let z = alpha[n]
        let count = counts[w]
        for node in nodes where node.piece >= 0 {
            let p = alpha[Int(node.start)] + node.score + beta[Int(node.end)] - z
            expected[Int(node.piece)] += count * exp(p)
        }
        return z
    }

    /// The best segmentation of word `w`: piece indices (or `unknown`) in order, appended to `path`.
    func viterbi(of w: Int, _ nodes: inout [Node], _ best: inout [(score: Double, node: Int)], into path: inout [Int32]) {
        let n = self.nodes(of: w, into: &nodes)
        viterbi(nodes, n, &best, excluding: -1, into: &path)
    }

    /// Viterbi over `nodes` for `n` characters, skipping node `excluding`; appends the pieces of
    /// the best path to `path` and returns its score (-inf when there is none).
    @discardableResult
    func viterbi(_ nodes: [Node], _ n: Int, _ best: inout [(score: Double, node: Int)], excluding: Int, into path: inout [Int32]) -> Double {
        best.removeAll(keepingCapacity: true)
        best.append(contentsOf: repeatElement((score: -Double.infinity, node: -1), count: n + 1))
        best[0] = (0, -1)
        for (k, node) in nodes.enumerated() where k != excluding {
            let s = Int(node.start), e = Int(node.end)
            let candidate = best[s].score + node.score
            if candidate > best[e].score { best[e] = (candidate, k) }
        }
        guard best[n].score > -Double.infinity else { return -Double.infinity }
        let from = path.count
        var at = n
        while at > 0 {
            let node = nodes[best[at].node]
            path.append(node.piece)
            at = Int(node.start)
        }
        path[from...].reverse()
        return best[n].score
    }
}

/// log(exp(a) + exp(b)) without overflow.
@inline(__always)
func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a == -Double.infinity { return b }
    if b == -Double.infinity { return a }
    return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
}
