import Dispatch
import Glibc

/// The Unigram trainer's view of the corpus and the current pieces. Every distinct word is kept
/// as its characters (with byte offsets) and, built once, as the candidate nodes of its lattice:
/// every (start, length, candidate) where a candidate piece (a seed) matches. Training only ever
/// drops pieces, so `setPieces` renumbers candidates and compacts the stored nodes instead of
/// searching the words again: a lattice walk is a sequential read of 4 bytes per node.
/// Words are cut into chunks of about equal size, built, compacted and walked in parallel.
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
    /// Chunk c holds words `chunkBounds[c] ..< chunkBounds[c + 1]`.
    let chunkBounds: [Int]

    /// Every candidate piece, by candidate index (pieces inside pieces, for pruning).
    private let trie: TokenTrie
    /// The current piece index of each candidate, or -1 when it was dropped.
    private var pieceOfCandidate: [Int32]
    /// The candidate of each current piece (before the first `setPieces`: of each candidate).
    private var candidateOfPiece: [Int32]
    /// Per chunk, the nodes of its words whose candidate is still a piece, by word, start and
    /// length: `piece << 8 | length in characters` (before the first `setPieces`: candidate).
    private var chunkNodes: [[UInt32]]
    /// Per word, the offset of its first node in its chunk's nodes.
    private var firstNode: [Int]
    /// Per entry of `charStarts`, how many stored nodes start at that character.
    private var nodesAt: [UInt8]
    /// The score (log probability) of each piece and its exponential, side by side: one cache
    /// line per node read.
    private var values: [(score: Double, probability: Double)] = []
    /// The number of pieces.
    var pieceCount: Int { values.count }
    /// The lowest piece score; unknown characters score 10 below it (as SentencePiece).
    private(set) var minimumScore = 0.0
    /// The unknown node's score and probability.
    private var unknown = (score: -10.0, probability: exp(-10.0))
    /// A word of at most this many characters has no path whose probability underflows, so its
    /// forward-backward runs on probabilities instead of logarithms (no exp or log per node).
    private var linearLimit = 0
    static let unknown = -1
    /// Candidates must be shorter than this many characters, and fewer than 2^24.
    static let maximumLength = 256

    /// The words of `counts` as characters, with `candidates` as the pieces any later
    /// `setPieces` may choose from, their nodes found on up to `threads` threads. Candidates of
    /// `maximumLength` characters or more never match.
    init(words: [(word: [UInt8], count: UInt64)], candidates: [[UInt8]], threads: Int) {
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
        trie = TokenTrie(keys: candidates.enumerated().map { ($1, TokenTrie.initialRoot, UInt32($0)) })
        pieceOfCandidate = [Int32](repeating: -1, count: candidates.count)
        candidateOfPiece = (0..<Int32(candidates.count)).map { $0 }
        let chunkCount = max(1, min(words.count / 256, 4 * Tokenizer.workerCount(threads)))
        var bounds = [0]
        for w in 0..<words.count
        where firstChar[w + 1] * chunkCount >= charStarts.count * bounds.count && bounds.count < chunkCount {
            bounds.append(w + 1)
        }
        bounds.append(words.count)
        chunkBounds = bounds
        chunkNodes = []
        firstNode = []
        nodesAt = []
        findNodes(candidateCount: candidates.count)
    }

    var wordCount: Int { counts.count }
    var chunkCount: Int { chunkBounds.count - 1 }

    /// Every candidate node of every word, one chunk per task.
    private mutating func findNodes(candidateCount: Int) {
        let chunkCount = self.chunkCount
        var chunkNodes = [[UInt32]](repeating: [], count: chunkCount)
        var firstNode = [Int](repeating: 0, count: wordCount)
        var nodesAt = [UInt8](repeating: 0, count: charStarts.count)
        let candidates = candidateCount < 1 << 24 ? UInt32(candidateCount) : 1 << 24
        let lattice = self
        chunkNodes.withUnsafeMutableBufferPointer { chunkParts in
            firstNode.withUnsafeMutableBufferPointer { firstNode in
                nodesAt.withUnsafeMutableBufferPointer { nodesAt in
                    let shared = UnsafeSendableParts(chunkParts), first = UnsafeSendableParts(firstNode),
                        at = UnsafeSendableParts(nodesAt)
                    DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
                        var packed: [UInt32] = []
                        lattice.bytes.withUnsafeBufferPointer { b in
                            lattice.charStarts.withUnsafeBufferPointer { starts in
                                let p = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
                                for w in lattice.chunkBounds[c]..<lattice.chunkBounds[c + 1] {
                                    first.parts[w] = packed.count
                                    let lo = lattice.firstChar[w], hi = lattice.firstChar[w + 1] - 1
                                    for i in lo..<hi {
                                        var j = i + 1
                                        var count = 0
                                        lattice.trie.forEachPrefix(
                                            p, starts[i], starts[hi], from: TokenTrie.initialRoot
                                        ) { candidate, length in
                                            while starts[j] < starts[i] + length { j += 1 }
                                            guard candidate < candidates, j - i < Self.maximumLength else { return }
                                            packed.append(candidate << 8 | UInt32(j - i))
                                            count += 1
                                        }
                                        at.parts[i] = UInt8(count)
                                    }
                                }
                            }
                        }
                        shared.parts[c] = packed
                    }
                }
            }
        }
        self.chunkNodes = chunkNodes
        self.firstNode = firstNode
        self.nodesAt = nodesAt
    }

    /// Replaces the pieces (UTF-8 texts with scores), drops the stored nodes of the candidates
    /// that are no longer pieces and renumbers the others; a piece that is not a candidate never
    /// matches.
    /// O(pieces' bytes + stored nodes), the nodes on all threads.
    mutating func setPieces(_ pieces: [(text: [UInt8], score: Double)]) {
        for k in pieceOfCandidate.indices { pieceOfCandidate[k] = -1 }
        var candidateOfPiece = [Int32](repeating: -1, count: pieces.count)
        for (k, piece) in pieces.enumerated() {
            let candidate = piece.text.withNonNullBytes { p, n in
                trie.longestMatch(p, 0, n, from: TokenTrie.initialRoot)
            }
            if let (c, length) = candidate, length == piece.text.count {
                pieceOfCandidate[Int(c)] = Int32(k)
                candidateOfPiece[k] = Int32(c)
            }
        }
        let renumbered = self.candidateOfPiece.map { $0 >= 0 ? pieceOfCandidate[Int($0)] : -1 }
        self.candidateOfPiece = candidateOfPiece
        self.values = pieces.map { ($0.score, exp($0.score)) }
        self.minimumScore = pieces.map(\.score).min() ?? 0
        self.unknown = (minimumScore - 10, exp(minimumScore - 10))
        self.linearLimit = pieces.allSatisfy { $0.score <= 0 } ? Int(600 / (10 - minimumScore)) : 0
        var chunkNodes = self.chunkNodes, firstNode = self.firstNode, nodesAt = self.nodesAt
        self.chunkNodes = []
        self.firstNode = []
        self.nodesAt = []
        let lattice = self
        chunkNodes.withUnsafeMutableBufferPointer { chunkParts in
            firstNode.withUnsafeMutableBufferPointer { firstNode in
                nodesAt.withUnsafeMutableBufferPointer { nodesAt in
                    let shared = UnsafeSendableParts(chunkParts), first = UnsafeSendableParts(firstNode),
                        at = UnsafeSendableParts(nodesAt)
                    DispatchQueue.concurrentPerform(iterations: lattice.chunkCount) { c in
                        let kept = renumbered.withUnsafeBufferPointer { renumbered in
                            shared.parts[c].withUnsafeMutableBufferPointer { packed in
                                var read = 0, write = 0
                                for w in lattice.chunkBounds[c]..<lattice.chunkBounds[c + 1] {
                                    first.parts[w] = write
                                    for i in lattice.firstChar[w]..<(lattice.firstChar[w + 1] - 1) {
                                        var count = 0
                                        for _ in 0..<Int(at.parts[i]) {
                                            let node = packed[read]
                                            read += 1
                                            let piece = renumbered[Int(node >> 8)]
                                            guard piece >= 0 else { continue }
                                            packed[write] = UInt32(piece) << 8 | node & 0xFF
                                            write += 1
                                            count += 1
                                        }
                                        at.parts[i] = UInt8(count)
                                    }
                                }
                                return write
                            }
                        }
                        shared.parts[c].removeLast(shared.parts[c].count - kept)
                    }
                }
            }
        }
        self.chunkNodes = chunkNodes
        self.firstNode = firstNode
        self.nodesAt = nodesAt
    }

    /// A node of one word's lattice: characters `start ..< end`, a piece (or `unknown`), a score
    /// and its exponential.
    struct Node {
        var start: Int32
        var end: Int32
        var piece: Int32
        var score: Double
        var probability: Double

        init(start: Int32, end: Int32, piece: Int32, score: Double, probability: Double = 0) {
            self.start = start
            self.end = end
            self.piece = piece
            self.score = score
            self.probability = probability
        }
    }

    /// The nodes of word `w` of chunk `c` (character positions relative to the word), sorted by
    /// start; an unknown node covers each character no one-character piece starts with. Returns
    /// the word's length in characters.
    func nodes(of w: Int, chunk c: Int, into nodes: inout [Node]) -> Int {
        nodes.removeAll(keepingCapacity: true)
        let lo = firstChar[w], n = firstChar[w + 1] - 1 - lo
        chunkNodes[c].withUnsafeBufferPointer { packed in
            values.withUnsafeBufferPointer { values in
                var k = firstNode[w]
                for i in 0..<n {
                    var hasSingle = false
                    for _ in 0..<Int(nodesAt[lo + i]) {
                        let node = packed[k]
                        k += 1
                        let piece = Int32(node >> 8), length = Int32(node & 0xFF)
                        let (score, probability) = values[Int(piece)]
                        nodes.append(
                            Node(
                                start: Int32(i), end: Int32(i) + length, piece: piece, score: score,
                                probability: probability))
                        if length == 1 { hasSingle = true }
                    }
                    if !hasSingle {
                        nodes.append(
                            Node(
                                start: Int32(i), end: Int32(i + 1), piece: Int32(Self.unknown), score: unknown.score,
                                probability: unknown.probability))
                    }
                }
            }
        }
        return n
    }

    /// The nodes of the text at `p` whose character starts (and end) are `starts`.
    func nodes(_ p: UnsafePointer<UInt8>, _ starts: UnsafeBufferPointer<Int>, into nodes: inout [Node]) -> Int {
        nodes.removeAll(keepingCapacity: true)
        let n = starts.count - 1
        let end = starts[n]
        pieceOfCandidate.withUnsafeBufferPointer { pieceOf in
            values.withUnsafeBufferPointer { values in
                for i in 0..<n {
                    let from = starts[i]
                    var hasSingle = false
                    var j = i + 1
                    trie.forEachPrefix(p, from, end, from: TokenTrie.initialRoot) { candidate, length in
                        let k = pieceOf[Int(candidate)]
                        guard k >= 0 else { return }
                        while starts[j] < from + length { j += 1 }
                        nodes.append(Node(start: Int32(i), end: Int32(j), piece: k, score: values[Int(k)].score))
                        if j == i + 1 { hasSingle = true }
                    }
                    if !hasSingle {
                        nodes.append(
                            Node(start: Int32(i), end: Int32(i + 1), piece: Int32(Self.unknown), score: unknown.score))
                    }
                }
            }
        }
        return n
    }

    /// Adds `count ×` the marginal probability of each piece in word `w`'s lattice to `expected`
    /// (forward-backward, on probabilities for words up to `linearLimit` characters, in log space
    /// beyond) and returns the log-likelihood of the word.
    func addMarginals(
        of w: Int, chunk c: Int, _ nodes: inout [Node], _ alpha: inout [Double], _ beta: inout [Double],
        into expected: inout [Double]
    ) -> Double {
        let n = self.nodes(of: w, chunk: c, into: &nodes)
        let linear = n <= linearLimit
        let zero = linear ? 0 : -Double.infinity, one = linear ? 1.0 : 0
        alpha.removeAll(keepingCapacity: true)
        alpha.append(contentsOf: repeatElement(zero, count: n + 1))
        beta.removeAll(keepingCapacity: true)
        beta.append(contentsOf: repeatElement(zero, count: n + 1))
        alpha[0] = one
        beta[n] = one
        let count = counts[w]
        if linear {
            for node in nodes { alpha[Int(node.end)] += alpha[Int(node.start)] * node.probability }
            for node in nodes.reversed() { beta[Int(node.start)] += node.probability * beta[Int(node.end)] }
            let scale = count / alpha[n]
            for node in nodes where node.piece >= 0 {
                expected[Int(node.piece)] += scale * alpha[Int(node.start)] * node.probability * beta[Int(node.end)]
            }
            return log(alpha[n])
        }
        for node in nodes {
            let s = Int(node.start), e = Int(node.end)
            alpha[e] = logAddExp(alpha[e], alpha[s] + node.score)
        }
        for node in nodes.reversed() {
            let s = Int(node.start), e = Int(node.end)
            beta[s] = logAddExp(beta[s], node.score + beta[e])
        }
        let z = alpha[n]
        for node in nodes where node.piece >= 0 {
            let p = alpha[Int(node.start)] + node.score + beta[Int(node.end)] - z
            expected[Int(node.piece)] += count * exp(p)
        }
        return z
    }

    /// The best segmentation of word `w`: piece indices (or `unknown`) in order, appended to `path`.
    func viterbi(
        of w: Int, chunk c: Int, _ nodes: inout [Node], _ best: inout [(score: Double, node: Int)],
        into path: inout [Int32]
    ) {
        let n = self.nodes(of: w, chunk: c, into: &nodes)
        viterbi(nodes, n, &best, excluding: -1, into: &path)
    }

    /// Viterbi over `nodes` for `n` characters, skipping node `excluding`; appends the pieces of
    /// the best path to `path` and returns its score (-inf when there is none).
    @discardableResult
    func viterbi(
        _ nodes: [Node], _ n: Int, _ best: inout [(score: Double, node: Int)], excluding: Int, into path: inout [Int32]
    ) -> Double {
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
