import Glibc

/// Subword regularization, as `sentencepiece`'s `SampleEncode`: the segmentation lattice is built
/// explicitly (one edge per piece that matches at a character start, plus an unknown edge where no
/// one-character piece does), then either one segmentation is drawn from all of them with
/// probability ∝ exp(alpha · score) by forward filtering and backward sampling, or the n best are
/// found by A* search (the forward Viterbi scores are the exact heuristic, so paths come out best
/// first) and one of them is drawn with probability ∝ exp(alpha · score). Sampled paths keep
/// unknown pieces apart, as `sentencepiece` does (only its best-path encoding fuses them).
extension Unigram {
    /// One lattice edge: a piece over bytes `start ..< end`.
    struct LatticeEdge {
        var start: Int
        var end: Int
        var id: UInt32
        var score: Double
    }

    /// The edges ending at each byte position of `p[0 ..< n]`, scored as `sentencepiece` scores
    /// lattice nodes (user-defined pieces 0.1 · (characters − 1), unknown characters the lowest
    /// score − 10). O(n · longest piece).
    func lattice(_ p: UnsafePointer<UInt8>, _ n: Int) -> [[LatticeEdge]] {
        var edges = [[LatticeEdge]](repeating: [], count: n + 1)
        var at = 0
        while at < n {
            let characterLength = min(UTF8Bytes.sequenceLength(lead: p[at]), n - at)
            var hasSingle = false
            trie.forEachPrefix(p, at, n, from: TokenTrie.initialRoot) { id, length in
                let score: Double
                if sentencePieceRules {
                    if types[Int(id)] == .userDefined {
                        // sentencepiece's lattice counts a user-defined piece's length in characters.
                        let characters = (at..<(at + length)).reduce(0) { $0 + (p[$1] & 0xC0 == 0x80 ? 0 : 1) }
                        score = Double(Self.userDefinedScore(characters))
                    } else {
                        score = Double(Float(scores[Int(id)]))
                    }
                } else {
                    score = scores[Int(id)]
                }
                edges[at + length].append(LatticeEdge(start: at, end: at + length, id: id, score: score))
                if length == characterLength { hasSingle = true }
            }
            if !hasSingle {
                edges[at + characterLength].append(
                    LatticeEdge(start: at, end: at + characterLength, id: unknownID, score: unknownScore))
            }
            at += characterLength
        }
        return edges
    }

    /// Tokenizes `text[start ..< end]` by drawing a segmentation as `sampling` says, from
    /// `output.random`.
    func tokenizeSampled(
        _ p: UnsafePointer<UInt8>, _ n: Int, base: Int, _ sampling: Sampling, into output: inout ModelOutput
    ) {
        let edges = lattice(p, n)
        let path: [LatticeEdge]
        if sampling.nbestSize < 0 {
            path = Self.sample(edges, n, alpha: sampling.alpha, random: &output.random)
        } else {
            let best = Self.nBest(edges, n, count: sampling.nbestSize)
            let top = best.map(\.score).max() ?? 0
            let weights = best.map { exp(sampling.alpha * ($0.score - top)) }
            path = best[Self.draw(weights, &output.random)].path
        }
        // A run of unknown characters is one unknown token, as in the best segmentation
        // (`sentencepiece` merges them in every encode, sampled or not).
        var previousUnknown = false
        for edge in path {
            unknowns.append(
                edge.id, p, edge.start, edge.end, base: base, previousUnknown: &previousUnknown, into: &output)
        }
    }

    /// The ids of the `count` best segmentations of `text`, best first (fewer when the text has
    /// fewer), unknown and byte-fallback pieces written as `tokenize` writes them (a run of
    /// unknown characters is one unknown token, as `sentencepiece` reports its n-best).
    public func nBestIDs(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> [[UInt32]]? {
        guard let p = text.baseAddress else { return [[]] }
        let n = text.count
        return Self.nBest(lattice(p, n), n, count: count).map { best in
            var output = ModelOutput(capacity: best.path.count, withOffsets: false)
            var previousUnknown = false
            for edge in best.path {
                unknowns.append(
                    edge.id, p, edge.start, edge.end, base: 0, previousUnknown: &previousUnknown, into: &output)
            }
            return output.ids
        }
    }

    /// The `n` best segmentations with their scores, best first (fewer when the text has fewer).
    /// The agenda is cut to its best min(512, 10 n) whenever it reaches 10,000, as
    /// `sentencepiece` does, which bounds memory on long texts.
    func nBest(_ p: UnsafePointer<UInt8>, _ n: Int, count: Int) -> [(path: [UInt32], score: Double)] {
        Self.nBest(lattice(p, n), n, count: count).map { ($0.path.map(\.id), $0.score) }
    }

    /// An A* hypothesis on the agenda: the best first (the highest priority is the smallest).
    private struct AgendaEntry: Comparable {
        var priority: Double
        var index: Int
        static func < (a: AgendaEntry, b: AgendaEntry) -> Bool { a.priority > b.priority }
        static func == (a: AgendaEntry, b: AgendaEntry) -> Bool { a.priority == b.priority }
    }

    /// A* from the end of the text back to its start over `edges`.
    static func nBest(_ edges: [[LatticeEdge]], _ n: Int, count: Int) -> [(path: [LatticeEdge], score: Double)] {
        var viterbi = [Double](repeating: -.infinity, count: n + 1)
        viterbi[0] = 0
        for position in 1..<(n + 1) {
            for edge in edges[position] where viterbi[edge.start] > -.infinity {
                viterbi[position] = max(viterbi[position], viterbi[edge.start] + edge.score)
            }
        }
        // Hypotheses: a suffix of a path, from `position` to the end, linked through `parent`.
        struct Hypothesis {
            var position: Int
            var suffixScore: Double
            var edge: LatticeEdge?
            var parent: Int
        }
        var hypotheses = [Hypothesis(position: n, suffixScore: 0, edge: nil, parent: -1)]
        var agenda = BinaryHeap<AgendaEntry>()
        agenda.push(AgendaEntry(priority: viterbi[n], index: 0))
        var results: [(path: [LatticeEdge], score: Double)] = []
        while results.count < count, let top = agenda.pop() {
            let hypothesis = hypotheses[top.index]
            if hypothesis.position == 0 {
                var path: [LatticeEdge] = []
                var k = top.index
                while let edge = hypotheses[k].edge {
                    path.append(edge)
                    k = hypotheses[k].parent
                }
                results.append((path, hypothesis.suffixScore))
                continue
            }
            for edge in edges[hypothesis.position] where viterbi[edge.start] > -.infinity {
                let suffix = hypothesis.suffixScore + edge.score
                hypotheses.append(Hypothesis(position: edge.start, suffixScore: suffix, edge: edge, parent: top.index))
                agenda.push(AgendaEntry(priority: viterbi[edge.start] + suffix, index: hypotheses.count - 1))
            }
            if agenda.count >= 10_000 {
                var kept: [AgendaEntry] = []
                for _ in 0..<min(512, count * 10) {
                    guard let entry = agenda.pop() else { break }
                    kept.append(entry)
                }
                agenda.removeAll()
                for entry in kept { agenda.push(entry) }
            }
        }
        return results
    }

    /// One segmentation drawn with probability ∝ exp(alpha · score): forward sums of every
    /// prefix, then edges drawn from the end back. O(edges).
    static func sample(_ edges: [[LatticeEdge]], _ n: Int, alpha: Double, random: inout SplitMix64) -> [LatticeEdge] {
        var forward = [Double](repeating: -.infinity, count: n + 1)
        forward[0] = 0
        for position in 1..<(n + 1) where !edges[position].isEmpty {
            var top = -Double.infinity
            for edge in edges[position] { top = max(top, forward[edge.start] + alpha * edge.score) }
            guard top > -.infinity else { continue }
            var sum = 0.0
            for edge in edges[position] { sum += exp(forward[edge.start] + alpha * edge.score - top) }
            forward[position] = top + log(sum)
        }
        var path: [LatticeEdge] = []
        var position = n
        while position > 0 {
            let candidates = edges[position]
            let weights = candidates.map { exp(forward[$0.start] + alpha * $0.score - forward[position]) }
            let edge = candidates[draw(weights, &random)]
            path.append(edge)
            position = edge.start
        }
        return path.reversed()
    }

    /// An index drawn with probability ∝ `weights[i]` (the last positive one on rounding).
    static func draw(_ weights: [Double], _ random: inout SplitMix64) -> Int {
        let total = weights.reduce(0, +)
        var target = Double(random.next() >> 11) * (1.0 / Double(1 << 53)) * total
        for (i, w) in weights.enumerated() where w > 0 {
            target -= w
            if target < 0 { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}
