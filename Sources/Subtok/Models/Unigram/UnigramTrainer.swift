import Dispatch
import Glibc

/// Learns a Unigram model from word counts as SentencePiece's trainer does (Kudo 2018): seed
/// pieces from frequent substrings, then rounds of EM (forward-backward expected counts, a
/// Bayesian M-step with digamma) and pruning (drop the pieces whose removal costs the least
/// likelihood, keeping `shrinkingFactor` of them) until the vocabulary is 10% above the target,
/// then the best pieces by score, every required character kept. E-steps and the pruning
/// Viterbi run on all threads.
public struct UnigramTrainer: Sendable {
    /// The vocabulary size to reach, special (and byte) pieces included.
    public var vocabularySize: Int
    /// Special pieces, first: the unknown piece and control pieces.
    public var specialTokens: [String]
    /// The unknown piece (one of `specialTokens`).
    public var unknownToken: String
    /// The share of character occurrences the alphabet covers (SentencePiece default 0.9995).
    public var characterCoverage: Double
    /// The share of pieces each pruning round keeps (default 0.75).
    public var shrinkingFactor: Double
    /// The longest piece, in characters (default 16, at most 255).
    public var maximumPieceLength: Int
    /// EM steps per round (default 2).
    public var subIterations = 2
    /// The most seed substrings kept (default 1,000,000).
    public var seedSize = 1_000_000
    /// Add the 256 `<0xNN>` byte pieces and fall back to them for unknown characters.
    public var byteFallback: Bool
    /// Worker threads (0: one per CPU this process may use).
    public var threads: Int

    /// A trainer with the configuration's Unigram options.
    public init(config: TrainerConfig) throws(SubtokError) {
        vocabularySize = config.vocabularySize
        unknownToken = config.effectiveUnknownToken ?? "<unk>"
        var specials = config.effectiveSpecialTokens
        if !specials.contains(unknownToken) { specials.insert(unknownToken, at: 0) }
        specialTokens = specials
        characterCoverage = config.characterCoverage ?? 0.9995
        shrinkingFactor = config.shrinkingFactor ?? 0.75
        maximumPieceLength = config.maximumTokenLength ?? 16
        byteFallback = config.byteFallback
        threads = config.threads
        guard characterCoverage > 0 && characterCoverage <= 1 else {
            throw SubtokError(.invalidArgument, "character_coverage must be in (0, 1]")
        }
        guard shrinkingFactor > 0 && shrinkingFactor < 1 else {
            throw SubtokError(.invalidArgument, "shrinking_factor must be in (0, 1)")
        }
        guard maximumPieceLength > 0 && maximumPieceLength < TrainingLattice.maximumLength else {
            throw SubtokError(
                .invalidArgument, "max_token_length must be in 1...\(TrainingLattice.maximumLength - 1) for Unigram")
        }
    }

    /// The number of pieces besides specials and bytes.
    private var learnedSize: Int { vocabularySize - specialTokens.count - (byteFallback ? 256 : 0) }

    /// Trains on `counts` (words as the Metaspace pre-tokenizer cuts them) and returns the model
    /// with `tokenizers`' semantics. Throws `invalidArgument` when the vocabulary size cannot
    /// hold the specials, bytes and required characters.
    public func train(
        _ counts: WordCounts, progress: TrainingProgress = TrainingProgress(quiet: true)
    ) throws(SubtokError) -> Unigram {
        let words = counts.sortedWords()
        let required = requiredCharacters(words)
        guard learnedSize >= required.count else {
            throw SubtokError(
                .invalidArgument,
                "vocab_size \(vocabularySize) is too small for \(specialTokens.count) special pieces\(byteFallback ? ", 256 byte pieces" : "") and \(required.count) required characters"
            )
        }
        var pieces = seedPieces(words, required: required)
        var lattice = TrainingLattice(words: words, candidates: pieces.map(\.text), threads: threads)
        progress.report(
            force: true, "Unigram: \(words.count) words, \(required.count) characters, \(pieces.count) seed pieces")
        let desired = Int(Double(learnedSize) * 1.1)
        var round = 0
        while true {
            for _ in 0..<subIterations {
                lattice.setPieces(pieces)
                let (expected, objective, tokens) = expectation(lattice)
                pieces = maximization(pieces, expected)
                progress.report(
                    force: true, phase: "unigram", done: round,
                    "Unigram: EM round \(round + 1): \(pieces.count) pieces, objective \(objective), \(tokens) tokens")
            }
            if pieces.count <= desired { break }
            lattice.setPieces(pieces)
            pieces = prune(pieces, lattice, desired: desired)
            round += 1
            progress.report(force: true, phase: "unigram", done: round, "Unigram: pruned to \(pieces.count) pieces")
        }
        let final = finalize(pieces, required: required, minimumScore: pieces.map(\.score).min() ?? 0)
        var all: [(String, Double, Unigram.PieceType)] = specialTokens.map {
            ($0, 0, $0 == unknownToken ? .unknown : .control)
        }
        if byteFallback { for b in 0..<256 { all.append((byteToken(UInt8(b)), 0, .byte)) } }
        let taken = Set(all.map(\.0))
        for piece in final where !taken.contains(piece.text) { all.append((piece.text, piece.score, .normal)) }
        if all.count < vocabularySize {
            progress.report(
                force: true, "Unigram: the corpus supports only \(all.count) of the \(vocabularySize) pieces asked for")
        } else {
            progress.report(
                force: true, phase: "unigram", done: round + 1, total: round + 1, "Unigram: \(all.count) pieces")
        }
        return try Unigram(
            pieces: all, unknownID: UInt32(specialTokens.firstIndex(of: unknownToken)!), byteFallback: byteFallback,
            sentencePieceRules: false)
    }

    /// The E-step: expected piece counts over all words, the objective (negative mean
    /// log-likelihood per word occurrence) and the number of Viterbi tokens.
    private func expectation(_ lattice: TrainingLattice) -> (expected: [Double], objective: Double, tokens: Int) {
        var parts = [(expected: [Double], likelihood: Double, tokens: Int)](
            repeating: ([], 0, 0), count: lattice.chunkCount)
        parts.withUnsafeMutableBufferPointer { parts in
            let shared = UnsafeSendableParts(parts)
            DispatchQueue.concurrentPerform(iterations: lattice.chunkCount) { c in
                var expected = [Double](repeating: 0, count: lattice.pieceCount)
                var nodes: [TrainingLattice.Node] = [], alpha: [Double] = [], beta: [Double] = []
                var best: [(score: Double, node: Int)] = []
                var path: [Int32] = []
                var likelihood = 0.0
                var tokens = 0
                for w in lattice.chunkBounds[c]..<lattice.chunkBounds[c + 1] {
                    likelihood +=
                        lattice.counts[w]
                        * lattice.addMarginals(of: w, chunk: c, &nodes, &alpha, &beta, into: &expected)
                    path.removeAll(keepingCapacity: true)
                    let n = lattice.firstChar[w + 1] - 1 - lattice.firstChar[w]
                    lattice.viterbi(nodes, n, &best, excluding: -1, into: &path)
                    tokens += path.count
                }
                shared.parts[c] = (expected, likelihood, tokens)
            }
        }
        var expected = parts[0].expected
        for c in 1..<parts.count { for k in expected.indices { expected[k] += parts[c].expected[k] } }
        let total = lattice.counts.reduce(0, +)
        return (expected, -parts.map(\.likelihood).reduce(0, +) / total, parts.map(\.tokens).reduce(0, +))
    }

    /// The M-step: pieces expected fewer than 0.5 times are dropped; the others score
    /// digamma(expected) − digamma(total) (SentencePiece's Bayesian EM).
    private func maximization(
        _ pieces: [(text: [UInt8], score: Double)], _ expected: [Double]
    ) -> [(text: [UInt8], score: Double)] {
        var kept: [(text: [UInt8], score: Double)] = []
        var total = 0.0
        for (k, piece) in pieces.enumerated() where expected[k] >= 0.5 {
            kept.append((piece.text, expected[k]))
            total += expected[k]
        }
        let logTotal = digamma(total)
        return kept.map { ($0.text, digamma($0.score) - logTotal) }
    }

    /// One pruning round: each piece's loss is the likelihood lost when its Viterbi uses are
    /// replaced by its best segmentation into other pieces; the pieces that cost the most are kept
    /// (`shrinkingFactor` of them, at least `desired`). Pieces that are not their own best
    /// segmentation are dropped; pieces without an alternative (single characters) are kept.
    private func prune(
        _ pieces: [(text: [UInt8], score: Double)], _ lattice: TrainingLattice, desired: Int
    ) -> [(text: [UInt8], score: Double)] {
        var alwaysKeep = [Bool](repeating: true, count: pieces.count)
        var alternatives = [[Int32]](repeating: [], count: pieces.count)
        let tasks = min(pieces.count, 4 * Tokenizer.workerCount(threads))
        alwaysKeep.withUnsafeMutableBufferPointer { alwaysKeep in
            alternatives.withUnsafeMutableBufferPointer { alternatives in
                let keep = UnsafeSendableParts(alwaysKeep), paths = UnsafeSendableParts(alternatives)
                DispatchQueue.concurrentPerform(iterations: tasks) { t in
                    var nodes: [TrainingLattice.Node] = []
                    var best: [(score: Double, node: Int)] = []
                    var starts: [Int] = []
                    for k in stride(from: t, to: pieces.count, by: tasks) {
                        let piece = pieces[k]
                        starts.removeAll(keepingCapacity: true)
                        var i = 0
                        while i < piece.text.count {
                            starts.append(i); i += max(1, UTF8Bytes.sequenceLength(lead: piece.text[i]))
                        }
                        starts.append(piece.text.count)
                        guard starts.count > 2 else { continue }
                        let n = piece.text.withNonNullBytes { p, _ in
                            starts.withUnsafeBufferPointer { lattice.nodes(p, $0, into: &nodes) }
                        }
                        guard
                            let whole = nodes.firstIndex(where: {
                                $0.start == 0 && Int($0.end) == n && $0.piece == Int32(k)
                            })
                        else { continue }
                        var path: [Int32] = []
                        let alternative = lattice.viterbi(nodes, n, &best, excluding: whole, into: &path)
                        if alternative > nodes[whole].score {
                            keep.parts[k] = false
                        } else if alternative > -Double.infinity {
                            paths.parts[k] = path
                        }
                    }
                }
            }
        }
        let frequencies = viterbiFrequencies(lattice)
        let sum = frequencies.reduce(0, +)
        let logSum = log(sum)
        let vsum = lattice.counts.reduce(0, +)
        var kept: [(text: [UInt8], score: Double)] = []
        var candidates: [(piece: Int, loss: Double)] = []
        for k in pieces.indices where frequencies[k] > 0 && alwaysKeep[k] {
            if alternatives[k].isEmpty {
                kept.append(pieces[k])
                continue
            }
            let f = frequencies[k] / vsum
            let logProbability = log(frequencies[k]) - logSum
            let logSumAlternative = log(sum + frequencies[k] * Double(alternatives[k].count - 1))
            var logProbabilityAlternative = 0.0
            for a in alternatives[k] {
                let fa = a >= 0 ? frequencies[Int(a)] : 0
                logProbabilityAlternative += log(fa + frequencies[k]) - logSumAlternative
            }
            candidates.append((k, f * (logProbability - logProbabilityAlternative)))
        }
        let target = max(desired, Int(shrinkingFactor * Double(pieces.count)))
        candidates.sort { $0.loss != $1.loss ? $0.loss > $1.loss : $0.piece < $1.piece }
        for candidate in candidates {
            if kept.count >= target { break }
            kept.append(pieces[candidate.piece])
        }
        return kept
    }

    /// How often each piece is used by the Viterbi segmentations of all words, weighted.
    private func viterbiFrequencies(_ lattice: TrainingLattice) -> [Double] {
        var parts = [[Double]](repeating: [], count: lattice.chunkCount)
        parts.withUnsafeMutableBufferPointer { parts in
            let shared = UnsafeSendableParts(parts)
            DispatchQueue.concurrentPerform(iterations: lattice.chunkCount) { c in
                var frequencies = [Double](repeating: 0, count: lattice.pieceCount)
                var nodes: [TrainingLattice.Node] = []
                var best: [(score: Double, node: Int)] = []
                var path: [Int32] = []
                for w in lattice.chunkBounds[c]..<lattice.chunkBounds[c + 1] {
                    path.removeAll(keepingCapacity: true)
                    lattice.viterbi(of: w, chunk: c, &nodes, &best, into: &path)
                    for piece in path where piece >= 0 { frequencies[Int(piece)] += lattice.counts[w] }
                }
                shared.parts[c] = frequencies
            }
        }
        var total = parts[0]
        for c in 1..<parts.count { for k in total.indices { total[k] += parts[c][k] } }
        return total
    }

    /// The final pieces: every required character (with its score, or just below the lowest
    /// score when EM dropped it), then the best-scoring pieces up to the size, sorted by score.
    private func finalize(
        _ pieces: [(text: [UInt8], score: Double)], required: [(scalar: UInt32, count: Double)], minimumScore: Double
    ) -> [(text: String, score: Double)] {
        var scores: [String: Double] = [:]
        for piece in pieces { scores[String(decoding: piece.text, as: UTF8.self)] = piece.score }
        var final: [String: Double] = [:]
        var penalty = 0.0
        for (scalar, _) in required {
            let text = String(Unicode.Scalar(scalar)!)
            if let score = scores[text] {
                final[text] = score
            } else {
                final[text] = minimumScore + penalty; penalty += 0.0001
            }
        }
        let sorted = pieces.map { (String(decoding: $0.text, as: UTF8.self), $0.score) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (text, score) in sorted where final[text] == nil {
            if final.count >= learnedSize { break }
            final[text] = score
        }
        return final.map { (text: $0.key, score: $0.value) }.sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.text < $1.text
        }
    }
}

/// `<0xNN>`: the byte piece of `b`.
func byteToken(_ b: UInt8) -> String {
    let hex = Array("0123456789ABCDEF")
    return "<0x\(hex[Int(b >> 4)])\(hex[Int(b & 15)])>"
}

/// The digamma function ψ(x) (x > 0): shifted up by the recurrence ψ(x) = ψ(x + 1) − 1/x, then
/// the asymptotic series.
func digamma(_ x: Double) -> Double {
    var x = x
    var result = 0.0
    while x < 6 { result -= 1 / x; x += 1 }
    let inv = 1 / x, inv2 = inv * inv
    result +=
        log(x) - 0.5 * inv - inv2
        * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))))
    return result
}

/// Per-thread result slots handed to `concurrentPerform`; each thread writes only its own.
struct UnsafeSendableParts<T>: @unchecked Sendable {
    let parts: UnsafeMutableBufferPointer<T>
    init(_ parts: UnsafeMutableBufferPointer<T>) { self.parts = parts }
}
