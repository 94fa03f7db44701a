/// SentencePiece's BPE (Llama 2, Mistral): the normalized text starts as characters (a
/// user-defined symbol is one frozen symbol) and the adjacent pair whose concatenation is the
/// highest-scoring piece merges first (leftmost on ties), until no pair forms a piece; pieces of
/// type UNUSED reached on the way are split back into the pieces they were merged from.
/// Unknown characters become the unknown token or, with byte fallback, byte pieces.
///
/// `sentencepiece` merges the whole text with a heap. Here, when the pieces allow it
/// (`WhitespaceWords`), the text is cut into words first (long words, such as Chinese and
/// Japanese text, also where no piece spans two characters: `SpanningPairs`), and words go through the shared piece
/// caches as byte-level BPE's pieces do (`PieceCachingModel`: a word of up to 16 bytes seen
/// before costs one cache line, prefetched ahead); a word that is itself a piece its own merges
/// reach costs one look-up, any other word merges over piece ids (`PieceMerger`, characters in
/// no piece becoming the unknown piece), and anything else (user-defined pieces, characters only
/// inside pieces, UNUSED pieces, sampling) takes the text-based heap: O(n log n) in every case.
public final class SentencePieceBPE: PieceCachingModel {
    /// The pieces, by id.
    public let vocabulary: Vocabulary
    /// The score of each piece.
    public let scores: [Float]
    /// The type of each piece.
    public let types: [Unigram.PieceType]
    private let unknowns: UnknownPieces
    /// User-defined pieces, longest first: never split or merged.
    private let userDefined: [[UInt8]]
    /// How the text splits into independent words, or nil to merge it whole (pieces span
    /// whitespace; UNUSED pieces, whose splits `sentencepiece` records for the whole text; or an
    /// unknown `▁` without byte fallback, whose run of unknown characters may span words).
    private let words: SegmentedWords?
    /// The id-based merge of short words.
    private let merger: PieceMerger
    /// By id: the piece's own text merges back into exactly that piece.
    private let reachesItself: [Bool]
    /// Words of up to 16 bytes -> their ids, shared by every thread.
    let pieceCache = PieceCache()
    /// Words of up to 48 bytes (and shorter ones of more than four pieces) -> their ids.
    let mediumPieceCache = LongPieceCache.medium()
    /// Words of up to 128 bytes -> their ids.
    let longPieceCache = LongPieceCache.long()
    /// Each normal or user-defined piece's UTF-8 length (at most 255), 1 for the byte pieces of
    /// ASCII bytes (an unknown ASCII character, such as a newline, is one byte piece covering
    /// one byte); 0 for the others (unknown, control and UNUSED pieces, and the bytes of a longer
    /// character, which each cover the whole character), so that a word holding one is never
    /// cached.
    let tokenByteCounts: [UInt8]

    /// Builds the model; throws a format error for a missing unknown piece or byte pieces.
    public init(
        pieces: [(String, Double, Unigram.PieceType)], unknownID: UInt32, byteFallback: Bool
    ) throws(SubtokError) {
        guard Int(unknownID) < pieces.count else {
            throw SubtokError(.format, "the unknown piece id \(unknownID) is outside the \(pieces.count) pieces")
        }
        for (k, piece) in pieces.enumerated() where !piece.1.isFinite {
            throw SubtokError(.format, "piece \(k) (\(quoted(piece.0))) has a score that is not a finite number")
        }
        vocabulary = try Vocabulary(tokens: pieces.map(\.0))
        scores = pieces.map { Float($0.1) }
        types = pieces.map(\.2)
        unknowns = try UnknownPieces(unknownID: unknownID, byteFallback: byteFallback, vocabulary: vocabulary)
        userDefined = pieces.filter { $0.2 == .userDefined }.map { Array($0.0.utf8) }.sorted { $0.count > $1.count }
        let mergeable = pieces.filter { Self.isMergeable($0.2) }
        let space = vocabulary.id(for: "\u{2581}").map { pieces[Int($0)].2 == .normal } ?? false
        let mergeableBytes = mergeable.map { Array($0.0.utf8) }
        words =
            types.contains(.unused) || !(space || byteFallback)
            ? nil
            : WhitespaceWords.allowed(by: mergeableBytes).map {
                SegmentedWords(
                    whitespace: $0, spanning: SpanningPairs(pieces: mergeableBytes, fusesUnknowns: !byteFallback))
            }
        var counts = pieces.map { [.normal, .userDefined].contains($0.2) ? UInt8(min($0.0.utf8.count, 255)) : 0 }
        if byteFallback {
            for b in 0..<0x80 { counts[Int(unknowns.byteIDs[b])] = 1 }
        }
        tokenByteCounts = counts
        let merger = PieceMerger(vocabulary: vocabulary, scores: scores, types: types)
        self.merger = merger
        reachesItself = pieces.indices.map { [vocabulary] id in
            guard [.normal, .userDefined].contains(pieces[id].2) else { return false }
            let text = Array(pieces[id].0.utf8)
            guard text.count <= PieceMerger.maximumWordBytes else { return false }
            return text.withUnsafeBufferPointer { t in
                withUnsafeTemporaryAllocation(of: FlatMerge.Symbol.self, capacity: t.count + 1) { symbols in
                    merger.merge(t.baseAddress!, t.count, into: symbols.baseAddress!) == 1
                        && symbols[0].id == UInt32(id)
                        && vocabulary.id(t.baseAddress!, t.count) == UInt32(id)
                }
            }
        }
    }

    /// The unknown piece's id.
    public var unknownID: UInt32 { unknowns.unknownID }
    /// Whether unknown characters become byte pieces.
    public var byteFallback: Bool { unknowns.byteFallback }

    /// The number of pieces.
    public var vocabularySize: Int { vocabulary.count }
    /// "BPE".
    public var typeName: String { "BPE" }

    /// True: sampling's alpha is the chance to skip a merge (BPE-dropout, as `sentencepiece`).
    public var supportsSampling: Bool { true }
    /// The id of `token`, or nil.
    public func id(for token: String) -> UInt32? { vocabulary.id(for: token) }
    /// The piece of `id`, or nil.
    public func token(for id: UInt32) -> String? { vocabulary.token(for: id) }

    /// Whether merges can produce pieces of `type` (normal, user-defined or unused).
    @inline(__always)
    static func isMergeable(_ type: Unigram.PieceType) -> Bool {
        type == .normal || type == .userDefined || type == .unused
    }

    /// The id of `p[from ..< to]` if it is a piece merges can produce.
    @inline(__always)
    private func mergeable(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> UInt32? {
        guard let id = vocabulary.id(p + from, to - from) else { return nil }
        return Self.isMergeable(types[Int(id)]) ? id : nil
    }

    private struct Candidate: Comparable {
        var score: Float
        var left: Int32
        var right: Int32
        var size: Int32
        /// Higher score first, then the leftmost pair.
        static func < (a: Candidate, b: Candidate) -> Bool {
            a.score > b.score || (a.score == b.score && a.left < b.left)
        }
    }

    /// Tokenizes `text[start ..< end]`: word by word through the piece caches when the pieces
    /// allow it; with `output.sampling`, each merge is skipped with probability alpha
    /// (`sentencepiece`'s sampling of BPE models) over the whole text.
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout ModelOutput) {
        let n = end - start
        guard n > 0, let base = text.baseAddress else { return }
        guard output.sampling == nil, let words else {
            var previousUnknown = false
            mergeText(base, start, end, previousUnknown: &previousUnknown, into: &output)
            return
        }
        if n > PieceCache.maximumPieceBytes {
            tokenizeWords(text, start, n, words, into: &output)
        } else {
            tokenizeDeterministic(base + start, start, n, limit: base + text.count, into: &output)
        }
    }

    /// The word is a piece that its own merges reach (one look-up).
    @inline(__always)
    func isWholeToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard let id = vocabulary.id(p, n) else { return false }
        return reachesItself[Int(id)]
    }

    /// One word without the caches: a piece that reaches itself, else the id-based merge, else
    /// the text-based merge. A word starts no run of unknown characters that the previous word
    /// ends: every word but a text's first starts or follows a `▁` that is a piece (`words` is
    /// nil otherwise) or unknown characters become bytes.
    func tokenizeUncached(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        var previousUnknown = false
        if n <= PieceMerger.maximumWordBytes {
            if let id = vocabulary.id(p, n), reachesItself[Int(id)] {
                output.append(id, start, start + n)
                return
            }
            let merged = withUnsafeTemporaryAllocation(of: FlatMerge.Symbol.self, capacity: n + 1) { buffer in
                let symbols = buffer.baseAddress!
                guard let count = merger.merge(p, n, into: symbols) else { return false }
                for k in 0..<count {
                    let id = symbols[k].id == PieceMerger.unknownCharacter ? unknowns.unknownID : symbols[k].id
                    unknowns.append(
                        id, p, Int(symbols[k].start), Int(symbols[k + 1].start), base: start,
                        previousUnknown: &previousUnknown, into: &output)
                }
                return true
            }
            if merged { return }
        }
        mergeText(p - start, start, start + n, previousUnknown: &previousUnknown, into: &output)
    }

    /// The text-based merge of `sentencepiece`: candidate pairs looked up by their text in a heap
    /// with lazy invalidation; handles user-defined symbols, UNUSED pieces and sampling.
    private func mergeText(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, previousUnknown: inout Bool,
        into output: inout ModelOutput
    ) {
        let p = base + start
        let n = end - start
        var from: [Int] = []
        var to: [Int] = []
        var frozen: [Bool] = []
        var i = 0
        while i < n {
            var length = min(UTF8Bytes.sequenceLength(lead: p[i]), n - i)
            var isFrozen = false
            for symbol in userDefined where symbol.count <= n - i {
                if symbol.withUnsafeBufferPointer({ bytesEqual(p + i, $0.baseAddress!, $0.count) }) {
                    length = symbol.count
                    isFrozen = true
                    break
                }
            }
            from.append(i); to.append(i + length); frozen.append(isFrozen)
            i += length
        }
        let count = from.count
        var next = (0..<count).map { $0 + 1 < count ? $0 + 1 : -1 }
        var prev = (0..<count).map { $0 - 1 }
        var heap = BinaryHeap<Candidate>()
        // As `sentencepiece`'s rev_merge: keyed by the piece's text, the last pair wins.
        var unusedSplits: [[UInt8]: Int] = [:]
        func consider(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0, !frozen[left], !frozen[right], let id = mergeable(p, from[left], to[right])
            else { return }
            heap.push(
                Candidate(
                    score: scores[Int(id)], left: Int32(left), right: Int32(right), size: Int32(to[right] - from[left]))
            )
            if types[Int(id)] == .unused {
                unusedSplits[Array(UnsafeBufferPointer(start: p + from[left], count: to[right] - from[left]))] =
                    to[left] - from[left]
            }
        }
        for k in 1..<max(count, 1) { consider(k - 1, k) }
        // BPE-dropout as `sentencepiece` samples BPE models: alpha is the chance to skip a merge.
        let dropout = output.sampling.map { Float($0.alpha) } ?? 0
        while let top = heap.pop() {
            let left = Int(top.left), right = Int(top.right)
            guard to[left] > from[left], to[right] > from[right], next[left] == right,
                to[right] - from[left] == Int(top.size)
            else { continue }
            if dropout > 0, dropout >= 1 || output.random.nextFloat() < dropout { continue }
            to[left] = to[right]
            next[left] = next[right]
            if next[right] >= 0 { prev[next[right]] = left }
            to[right] = from[right]
            consider(prev[left], left)
            consider(left, next[left])
        }
        // As `sentencepiece` 0.2.3 resegments: a symbol that is no normal, user-defined or
        // unused piece is unknown; an UNUSED piece splits back into the pair that formed it (the
        // unknown piece when none did), at most 100 levels deep.
        func emit(_ range: Range<Int>, depth: Int) {
            var id = vocabulary.id(p + range.lowerBound, range.count) ?? unknowns.unknownID
            if !Self.isMergeable(types[Int(id)]) { id = unknowns.unknownID }
            if types[Int(id)] == .unused && depth <= Self.maximumResegmentDepth {
                if let leftLength = unusedSplits[
                    Array(UnsafeBufferPointer(start: p + range.lowerBound, count: range.count))]
                {
                    emit(range.lowerBound..<(range.lowerBound + leftLength), depth: depth + 1)
                    emit((range.lowerBound + leftLength)..<range.upperBound, depth: depth + 1)
                    return
                }
                id = unknowns.unknownID
            }
            unknowns.append(
                id, p, range.lowerBound, range.upperBound, base: start, previousUnknown: &previousUnknown, into: &output
            )
        }
        var k = count > 0 ? 0 : -1
        while k >= 0 {
            emit(from[k]..<to[k], depth: 0)
            k = next[k]
        }
    }

    /// How deep `sentencepiece` splits UNUSED pieces back before keeping one as it is.
    private static let maximumResegmentDepth = 100

    /// SentencePiece BPE has no exact `tokenizer.json` form (`tokenizers` converts it to merges);
    /// written with its pieces and scores for reference.
    public var json: JSON {
        .object([
            ("type", .string("SentencePieceBPE")),
            ("vocab", .array(zip(vocabulary.tokens, scores).map { .array([.string($0.0), .number(Double($0.1))]) })),
        ])
    }
}
