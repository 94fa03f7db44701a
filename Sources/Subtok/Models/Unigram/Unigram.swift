/// The unigram language model of SentencePiece (Kudo 2018): the segmentation of the normalized
/// text with the highest total piece score, found by Viterbi without building a lattice, as
/// SentencePiece's `EncodeOptimized` does (best path ending at each byte position, pieces found
/// by one trie walk per character start; O(n · longest piece)).
///
/// A character no piece starts with becomes the unknown token (score: lowest score − 10);
/// consecutive unknown characters merge into one unknown token, or with byte fallback become
/// `<0xNN>` byte tokens. Under `sentencepiece`'s rules (0.2.3) a user-defined piece of n bytes
/// scores 0.1 · (n − 1), totals are floats, and once a total passes ±100,000 the open part of
/// the search is shifted back to 0 (so ties far into a long text fall as `sentencepiece`'s do).
///
/// Words repeat, so their segmentations are cached. Under `tokenizers`' rules each piece is
/// segmented from score 0, so its tokens depend on its bytes alone and pieces go through the
/// piece caches and their prefetching loop (`PieceCachingModel`). Under `sentencepiece`'s
/// rules the whole text is one Viterbi: the text is cut into words (`WhitespaceWords`), each
/// scored from the running total, and an entry is reused only when every decision in the word
/// won by more than float rounding at that total could change and no shift can happen inside
/// the word (exact ties, such as `0`+`00` against `00`+`0`, never qualify), so ids stay
/// identical. Such entries live in a `WordCache`, which keeps with each the bound on |total|
/// under which that holds (`totalLimit`), so a look-up checks it with one comparison. A word
/// whose entry does not hold at the total has a second entry, keyed by the total's binade,
/// valid wherever the word's candidates stay in that binade and none rounds a tie there
/// (`ScoreBinade`): near-ties and exact ties are reused there too.
public final class Unigram: PieceCachingModel {
    /// SentencePiece's piece types.
    public enum PieceType: UInt8, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// The pieces, by id.
    public let vocabulary: Vocabulary
    /// The score of each piece.
    public let scores: [Double]
    /// Whose rules to follow: `sentencepiece` (float arithmetic, user-defined pieces scored
    /// `length · highest score − 0.1`, control and byte pieces outside the search) or
    /// `tokenizers` (double arithmetic, every piece searchable, lowest score over all pieces).
    public let sentencePieceRules: Bool
    /// The type of each piece.
    public let types: [PieceType]
    /// The unknown piece's id.
    public let unknownID: UInt32
    /// Encode unknown characters as byte pieces.
    public let byteFallback: Bool

    let trie: TokenTrie
    let unknownScore: Double
    /// Under `sentencepiece`'s rules, the float score each piece adds to a path: a user-defined
    /// piece of n bytes 0.1 · (n − 1), the unknown piece the unknown score.
    private let pathScores: [Float]
    /// Under `sentencepiece`'s rules, the binade in which each piece's path score rounds a tie
    /// (`ScoreBinade.tieBinade`).
    private let tieBinades: [UInt8]
    let unknowns: UnknownPieces
    /// With `sentencepiece`'s rules, how the text splits into words (nil: whole).
    private let words: WhitespaceWords?
    /// The largest magnitude of any candidate's score (bounds rounding).
    private let largestScore: Double
    private let cache = WordCache()
    /// Under `tokenizers`' rules: pieces of up to 16 bytes -> their ids.
    let pieceCache = PieceCache()
    /// Under `tokenizers`' rules: pieces of up to 48 bytes (and shorter ones of more than four
    /// tokens) -> their ids.
    let mediumPieceCache = LongPieceCache.medium()
    /// Under `tokenizers`' rules: pieces of up to 128 bytes -> their ids.
    let longPieceCache = LongPieceCache.long()
    /// Each piece's UTF-8 length (at most 255); 0 for the unknown piece (it covers the text it
    /// stands for) and, with byte fallback, the byte pieces, so that no cached piece holds them.
    let tokenByteCounts: [UInt8]

    /// Builds the model; throws a format error for a missing unknown piece, missing byte pieces
    /// with byte fallback, or scores that are not finite.
    public init(
        pieces: [(String, Double, PieceType)], unknownID: UInt32, byteFallback: Bool, sentencePieceRules: Bool = true
    ) throws(SubtokError) {
        guard Int(unknownID) < pieces.count else {
            throw SubtokError(.format, "the unknown piece id \(unknownID) is outside the \(pieces.count) pieces")
        }
        for (k, piece) in pieces.enumerated() where !piece.1.isFinite {
            throw SubtokError(.format, "piece \(k) (\(quoted(piece.0))) has a score that is not a finite number")
        }
        vocabulary = try Vocabulary(tokens: pieces.map(\.0))
        scores = pieces.map(\.1)
        types = pieces.map(\.2)
        self.sentencePieceRules = sentencePieceRules
        self.unknownID = unknownID
        self.byteFallback = byteFallback
        var keys: [([UInt8], UInt32, UInt32)] = []
        var minScore = Double.greatestFiniteMagnitude
        for (id, piece) in pieces.enumerated() {
            if !sentencePieceRules || piece.2 == .normal || piece.2 == .userDefined {
                keys.append((Array(piece.0.utf8), TokenTrie.initialRoot, UInt32(id)))
            }
            if !sentencePieceRules || piece.2 == .normal {
                minScore = min(minScore, piece.1)
            }
        }
        trie = TokenTrie(keys: keys)
        unknownScore = sentencePieceRules ? Double(Float(minScore) - 10) : minScore - 10
        var pathScores = pieces.map { $0.2 == .userDefined ? Self.userDefinedScore($0.0.utf8.count) : Float($0.1) }
        pathScores[Int(unknownID)] = Float(unknownScore)
        self.pathScores = pathScores
        tieBinades = pathScores.map(ScoreBinade.tieBinade)
        let searchable = pieces.filter { $0.2 == .normal || $0.2 == .userDefined }
        words = sentencePieceRules ? WhitespaceWords.allowed(by: searchable.map { Array($0.0.utf8) }) : nil
        largestScore = searchable.reduce(abs(unknownScore)) { largest, piece in
            max(
                largest,
                piece.2 == .userDefined
                    ? Double(Self.userDefinedScore(piece.0.utf8.count)) : abs(Double(Float(piece.1))))
        }
        unknowns = try UnknownPieces(unknownID: unknownID, byteFallback: byteFallback, vocabulary: vocabulary)
        var counts = pieces.map { UInt8(min($0.0.utf8.count, 255)) }
        counts[Int(unknownID)] = 0
        if byteFallback {
            for id in unknowns.byteIDs { counts[Int(id)] = 0 }
        }
        tokenByteCounts = counts
    }

    /// With `tokenizers`' rules, an unknown token shows the text it covers.
    public var unknownIDShowingText: UInt32? { sentencePieceRules ? nil : unknownID }

    /// The number of pieces.
    public var vocabularySize: Int { vocabulary.count }
    /// "Unigram".
    public var typeName: String { "Unigram" }

    /// True: sampling draws a segmentation (`tokenizeSampled`).
    public var supportsSampling: Bool { true }
    /// The id of `token`, or nil.
    public func id(for token: String) -> UInt32? { vocabulary.id(for: token) }
    /// The piece of `id`, or nil.
    public func token(for id: UInt32) -> String? { vocabulary.token(for: id) }

    /// The best path ending at a position (unreached: score −∞, start −1).
    private struct Node {
        var score: Double = -.infinity
        /// The best losing candidate's score.
        var runnerUp: Double = -.infinity
        var start: Int32 = -1
        var id: UInt32 = 0
    }

    /// Tokenizes `text[start ..< end]` with Viterbi, or draws a segmentation when
    /// `output.sampling` is on (see `tokenizeSampled`).
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout ModelOutput) {
        let n = end - start
        guard n > 0, let base = text.baseAddress else { return }
        let p = base + start
        if let sampling = output.sampling {
            tokenizeSampled(p, n, base: start, sampling, into: &output)
            return
        }
        if !sentencePieceRules {
            tokenizeDeterministic(p, start, n, limit: base + text.count, into: &output)
            return
        }
        var score: Double = 0
        var previousUnknown = false
        guard let words else {
            tokenizeWord(
                p, 0, n, hash: cacheHash(p, n), base: start, score: &score, previousUnknown: &previousUnknown,
                into: &output)
            return
        }
        let distance = Self.wordPrefetchDistance
        withUnsafeTemporaryAllocation(of: (from: Int, to: Int, hash: UInt64).self, capacity: distance) { ring in
            var first = 0
            var pending = 0
            func next() {
                let word = ring[first & (distance &- 1)]
                tokenizeWord(
                    p, word.from, word.to, hash: word.hash, base: start, score: &score,
                    previousUnknown: &previousUnknown, into: &output)
                first &+= 1
                pending &-= 1
            }
            words.forEachWord(p, n) { from, to in
                let hash = cacheHash(p + from, to - from)
                if hash != 0 { cache.prefetch(hash: hash) }
                if pending == distance { next() }
                ring[(first &+ pending) & (distance &- 1)] = (from, to, hash)
                pending &+= 1
            }
            while pending > 0 { next() }
        }
    }

    /// How many words ahead `tokenize` requests a word's cache set (a power of two).
    private static let wordPrefetchDistance = 8

    /// Tokenizes consecutive pieces: under `tokenizers`' rules through the piece caches, their
    /// cache lines requested ahead (`PieceCachingModel`); otherwise `tokenize` on each.
    public func tokenizePieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>,
        into output: inout ModelOutput
    ) {
        tokenizePieces(text, start, ends, cached: !sentencePieceRules && output.sampling == nil, into: &output)
    }

    /// A piece under `tokenizers`' rules without the caches: Viterbi from score 0.
    func tokenizeUncached(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        var score: Double = 0
        var previousUnknown = false
        tokenizeWord(p, 0, n, hash: 0, base: start, score: &score, previousUnknown: &previousUnknown, into: &output)
    }

    /// False: a piece that is a token may still segment otherwise.
    func isWholeToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool { false }

    /// The word cache's hash of `p[0 ..< n]`, or 0 when the word is too long to be cached.
    @inline(__always)
    private func cacheHash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        n <= WordCache.maximumWordBytes ? WordCache.hash(p, n) : 0
    }

    /// `sentencepiece`'s score of a user-defined piece of `length` units (bytes when encoding,
    /// characters in the sampling lattice): 0.1 · (length − 1), so longer matches win.
    @inline(__always)
    static func userDefinedScore(_ length: Int) -> Float { Float(0.1 * Double(length - 1)) }

    /// Where `sentencepiece` shifts the open part of the search back to 0.
    private static let shiftThreshold: Double = 100_000

    /// A bound on how far float rounding can move any candidate's score in a word of `n` bytes
    /// scored from `total` (at most n + 1 roundings, each of half a unit in the last place at a
    /// magnitude of at most |total| + n · largest score), doubled for safety.
    @inline(__always)
    private func roundingBound(_ total: Double, _ n: Int) -> Double {
        Double(n + 1) * Double(Float(abs(total) + Double(n) * largestScore).nextUp.ulp)
    }

    /// The running totals at which a cached segmentation of a word of `n` bytes, whose every
    /// decision won by `margin` once its own rounding is taken off, still holds: those with
    /// |total| below the result (negative: none). It holds while twice the rounding at the new
    /// total stays under the margin and no shift can happen in the word. With x = |total| +
    /// n · largest score, a float's ulp near x is at most x · 2⁻²², so the rounding stays under
    /// the margin while x < margin · 2²¹ / (n + 1) (shrunk by 2⁻²⁰ for this sum's own rounding).
    /// Tiny margins (under 2⁻¹⁰⁰, where subnormal ulps break the bound) are never reused.
    @inline(__always)
    private func totalLimit(margin: Double, _ n: Int) -> Double {
        guard margin >= 0x1p-100 else { return -1 }
        let span = min(margin * 0x1p21 / Double(n + 1) * (1 - 0x1p-20), Self.shiftThreshold)
        return span - Double(n) * largestScore
    }

    /// The binade holding every candidate of a word of `n` bytes scored from `total` (each is
    /// `total` plus at most n scores, each rounded by less than 1), or nil; nil too when a total
    /// inside the word could pass the shift threshold (the shift moves the search to another
    /// binade).
    @inline(__always)
    private func binade(of total: Double, _ n: Int) -> Int? {
        let spread = Double(n) * (largestScore + 1)
        guard abs(total) + spread <= Self.shiftThreshold else { return nil }
        return ScoreBinade.binade(of: total, spread: spread)
    }

    /// `total` after piece `id`, with `sentencepiece`'s float arithmetic.
    @inline(__always)
    private func extended(_ total: Float, _ id: UInt32) -> Float {
        pathScores.withUnsafeBufferPointer { $0[Int(id)] + total }
    }

    /// Segments `p[from ..< to]` (offsets shifted by `base`) from the running score `total`:
    /// from the cache when an entry is valid at this total (the word's own, else under
    /// `sentencepiece`'s rules the one for the total's binade), else by Viterbi (then cached).
    /// `hash` is the word's `cacheHash` (0: not cacheable). The caller computes it a few words
    /// ahead and prefetches the word's cache set, so the look-up here finds it loaded.
    @inline(__always)
    private func tokenizeWord(
        _ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, hash: UInt64, base: Int, score total: inout Double,
        previousUnknown: inout Bool, into output: inout ModelOutput
    ) {
        let word = p + from
        let n = to - from
        if sentencePieceRules && abs(total) > Self.shiftThreshold { total = 0 }
        let cacheable = hash != 0
        @inline(__always) func replay(_ count: Int, _ token: (Int) -> (id: UInt32, length: Int)) {
            var at = from
            var floatTotal = Float(total)
            for k in 0..<count {
                let (id, length) = token(k)
                unknowns.append(id, p, at, at + length, base: base, previousUnknown: &previousUnknown, into: &output)
                if sentencePieceRules { floatTotal = extended(floatTotal, id) }
                at += length
            }
            if sentencePieceRules { total = Double(floatTotal) }
        }
        let found = cacheable ? cache.lookup(word, n, hash: hash) : nil
        if let found,
            let entry = !sentencePieceRules || abs(total) < Double(found.tag)
                ? found : binadeEntry(word, n, hash: hash, total: total)
        {
            replay(entry.count) { (entry.id($0), entry.length($0)) }
            return
        }
        // Where the result may be kept per binade (nil: nowhere).
        let binade = sentencePieceRules ? self.binade(of: total, n) : nil
        let manyTokensKey = found == nil ? binade.flatMap { self.manyTokensKey(word, n, hash: hash, binade: $0) } : nil
        if let manyTokensKey {
            let replayed = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: LongPieceCache.mediumTokens) {
                let ids = $0.baseAddress!
                let count = mediumPieceCache.lookup(word, n, hash: manyTokensKey, writingTo: ids)
                replay(count) { (ids[$0], Int(tokenByteCounts[Int(ids[$0])])) }
                return count > 0
            }
            if replayed { return }
        }
        let start = total
        withUnsafeTemporaryAllocation(of: Node.self, capacity: n + 1) { buffer in
            let best = buffer.baseAddress!
            best.initialize(repeating: Node(), count: n + 1)
            best[0] = Node(score: sentencePieceRules ? total : 0, start: 0)
            let (shifted, ties) = viterbi(word, n, best, tracksTies: binade != nil)
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * n) { path in
                var count = 0
                var stop = n
                while stop > 0 {
                    let node = best[stop]
                    path[n - 1 - count] = node.id
                    path[2 * n - 1 - count] = UInt32(stop - Int(node.start))
                    count += 1
                    stop = Int(node.start)
                }
                let ids = UnsafeBufferPointer(rebasing: path[(n - count)..<n])
                let lengths = UnsafeBufferPointer(rebasing: path[(2 * n - count)..<(2 * n)])
                var at = from
                for k in 0..<count {
                    let length = Int(lengths[k])
                    unknowns.append(
                        ids[k], p, at, at + length, base: base, previousUnknown: &previousUnknown, into: &output)
                    at += length
                }
                guard !shifted else { return }
                let keptPerBinade = binade.map { ties & ScoreBinade.bit(UInt8($0)) == 0 } ?? false
                if let manyTokensKey, keptPerBinade, count > WordCache.maximumTokens || !cacheable,
                    ids.allSatisfy({ tokenByteCounts[Int($0)] != 0 })
                {
                    mediumPieceCache.insert(word, n, hash: manyTokensKey, ids: ids)
                }
                guard cacheable else { return }
                guard sentencePieceRules else {
                    cache.insert(word, n, hash: hash, ids: ids, lengths: lengths, tag: .infinity)
                    return
                }
                var margin = Double.infinity
                for e in 1...n where best[e].start >= 0 { margin = min(margin, best[e].score - best[e].runnerUp) }
                let limit = Float(totalLimit(margin: margin - 2 * roundingBound(start, n), n)).nextDown
                cache.insert(word, n, hash: hash, ids: ids, lengths: lengths, tag: limit)
                if Double(limit) <= abs(start), keptPerBinade, let binade {
                    cache.insert(
                        word, n, hash: ScoreBinade.key(hash, binade: binade), ids: ids, lengths: lengths, tag: .infinity
                    )
                }
            }
            total = best[n].score
        }
    }

    /// Under `sentencepiece`'s rules, the word's entry for the binade of `total`, when the word's
    /// candidates stay in it; nil otherwise. Looked for only when the word's own entry is there
    /// and does not hold at `total` (the own entry is kept, whatever its bound, to say so).
    @inline(__always)
    private func binadeEntry(_ word: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, total: Double) -> WordCache.Entry? {
        guard sentencePieceRules, let k = binade(of: total, n) else { return nil }
        return cache.lookup(word, n, hash: ScoreBinade.key(hash, binade: k))
    }

    /// Under `sentencepiece`'s rules, the key under which a word the word cache cannot keep
    /// (more tokens than `WordCache.maximumTokens`, or longer than `WordCache.maximumWordBytes`)
    /// is kept in `mediumPieceCache` for `binade`; nil when the word is too short to have that
    /// many tokens or too long for that cache. `hash` is the word's `cacheHash` (0 when too long
    /// for the word cache).
    @inline(__always)
    private func manyTokensKey(_ word: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, binade: Int) -> UInt64? {
        guard n > WordCache.maximumTokens, n <= mediumPieceCache.maximumPieceBytes else { return nil }
        return ScoreBinade.key(hash != 0 ? hash : LongPieceCache.hash(word, n), binade: binade)
    }

    /// Fills `best[1 ...  n]` (best[0] holds the starting score) with the best path ending at
    /// each position and the best losing candidate there; returns whether the search was
    /// shifted and, with `tracksTies`, the binades in which a candidate's score rounds a tie
    /// (`ScoreBinade.bit` of each; else 0). Under `sentencepiece`'s rules, its float
    /// arithmetic: each candidate is the float sum of the total and the piece's score, and when
    /// the total at a character start passes ±100,000 it and every later position reached so
    /// far are shifted down by it. Under `tokenizers`' rules, double sums.
    @inline(__always)
    private func viterbi(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ best: UnsafeMutablePointer<Node>, tracksTies: Bool
    ) -> (shifted: Bool, ties: UInt64) {
        let trie = self.trie
        let unknownScore = self.unknownScore
        let sentencePieceRules = self.sentencePieceRules
        let unknownID = self.unknownID
        var frontier = 0
        var shifted = false
        var ties: UInt64 = 0
        let tieBinades = self.tieBinades
        @inline(__always) func offer(_ candidate: Double, _ target: Int, _ at: Int, _ id: UInt32) {
            frontier = max(frontier, target)
            if tracksTies { ties |= ScoreBinade.bit(tieBinades.withUnsafeBufferPointer { $0[Int(id)] }) }
            let old = best[target]
            let wins = candidate > old.score
            best[target] = Node(
                score: wins ? candidate : old.score, runnerUp: wins ? old.score : max(old.runnerUp, candidate),
                start: wins ? Int32(at) : old.start, id: wins ? id : old.id)
        }
        scores.withUnsafeBufferPointer { scores in
            pathScores.withUnsafeBufferPointer { pathScores in
                var at = 0
                while at < n {
                    var here = best[at].score
                    if sentencePieceRules && abs(here) > Self.shiftThreshold {
                        let offset = Float(here)
                        for i in at...max(at, frontier) where i == at || best[i].start != -1 {
                            best[i].score = Double(Float(best[i].score) - offset)
                        }
                        here = 0
                        shifted = true
                    }
                    let characterLength = min(UTF8Bytes.sequenceLength(lead: p[at]), n - at)
                    var hasSingle = false
                    trie.forEachPrefix(p, at, n, from: TokenTrie.initialRoot) { id, length in
                        let candidate =
                            sentencePieceRules ? Double(pathScores[Int(id)] + Float(here)) : scores[Int(id)] + here
                        offer(candidate, at + length, at, id)
                        if length == characterLength { hasSingle = true }
                    }
                    if !hasSingle {
                        offer(
                            sentencePieceRules ? Double(Float(unknownScore) + Float(here)) : unknownScore + here,
                            at + characterLength, at, unknownID)
                    }
                    at += characterLength
                }
            }
        }
        return (shifted, ties)
    }

    /// `{"type": "Unigram", "unk_id": ..., "vocab": [[piece, score], ...], "byte_fallback": ...}`.
    public var json: JSON {
        .object([
            ("type", .string("Unigram")), ("unk_id", .number(Double(unknownID))),
            ("vocab", .array(zip(vocabulary.tokens, scores).map { .array([.string($0.0), .number(Double($0.1))]) })),
            ("byte_fallback", .bool(byteFallback)),
        ])
    }
}

extension Unigram {
    /// Reads a `tokenizer.json` model `{"type": "Unigram", "vocab": [[piece, score], ...],
    /// "unk_id", "byte_fallback"}` (segmented under `tokenizers`' rules). O(pieces).
    convenience init(json f: JSONFields) throws(SubtokError) {
        var pieces: [(String, Double, Unigram.PieceType)] = []
        for (k, item) in try f.array("vocab").enumerated() {
            guard case let .array(pair) = item, pair.count == 2, case let .string(piece) = pair[0],
                case let .number(score) = pair[1]
            else {
                throw SubtokError(.format, "\(f.path).vocab[\(k)] must be [piece, score]")
            }
            pieces.append((piece, score, .normal))
        }
        guard let unknown = f.optional("unk_id") else { throw SubtokError(.format, "\(f.path).unk_id is missing") }
        try self.init(
            pieces: pieces, unknownID: try JSONFields.uint32(unknown, at: "\(f.path).unk_id"),
            byteFallback: try f.bool("byte_fallback", default: false), sentencePieceRules: false)
    }
}
