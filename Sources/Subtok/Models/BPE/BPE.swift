/// Byte-pair encoding: a vocabulary plus an ordered list of merges; a piece starts as its
/// smallest symbols and the lowest-ranked adjacent pair is merged until none is left
/// (Sennrich et al. 2016; GPT-2's byte-level variant, Radford et al. 2019).
///
/// With `byteLevel` (set when the pre-tokenizer is `ByteLevel`), tokens are read as the raw bytes
/// they stand for in GPT-2's alphabet and pieces are merged from their bytes, which gives the
/// same ids as `tokenizers`' character mapping without rewriting the text.
public final class BPE: PieceCachingModel {
    /// Options as named in `tokenizer.json`.
    public struct Options: Sendable, Equatable {
        /// Probability of skipping a merge (BPE-dropout); nil or 0 for deterministic BPE.
        public var dropout: Double?
        /// The token for characters the vocabulary lacks, if any.
        public var unknownToken: String?
        /// Prefix of tokens that continue a word (`##`), as stored in the file.
        public var continuingSubwordPrefix: String?
        /// Suffix of tokens that end a word (`</w>`), as stored in the file.
        public var endOfWordSuffix: String?
        /// Fuse consecutive unknown tokens into one.
        public var fuseUnknown: Bool
        /// Encode unknown characters as `<0xNN>` byte tokens.
        public var byteFallback: Bool
        /// Emit a whole word found in the vocabulary without merging.
        public var ignoreMerges: Bool

        /// `tokenizers`' defaults.
        public init(
            dropout: Double? = nil, unknownToken: String? = nil, continuingSubwordPrefix: String? = nil,
            endOfWordSuffix: String? = nil, fuseUnknown: Bool = false, byteFallback: Bool = false,
            ignoreMerges: Bool = false
        ) {
            self.dropout = dropout
            self.unknownToken = unknownToken
            self.continuingSubwordPrefix = continuingSubwordPrefix
            self.endOfWordSuffix = endOfWordSuffix
            self.fuseUnknown = fuseUnknown
            self.byteFallback = byteFallback
            self.ignoreMerges = ignoreMerges
        }
    }

    /// The tokens.
    public let vocabulary: Vocabulary
    /// Merges in rank order, as (left id, right id).
    public let merges: [(UInt32, UInt32)]
    /// The options.
    public let options: Options
    /// Whether the model reads its tokens as byte-level (see the type's note).
    public let byteLevel: Bool

    let merger: ByteMerger
    /// Short pieces (character-level: words) -> their ids, filled as they are merged
    /// (deterministic use only).
    let pieceCache = PieceCache()
    /// Pieces the piece cache does not keep (such as runs of kana and kanji) -> their ids: those
    /// of up to 48 bytes and 16 tokens, and those of up to 128 bytes.
    let mediumPieceCache = LongPieceCache.medium()
    let longPieceCache = LongPieceCache.long()
    /// Each id's length in the text it covers (at most 255; 0 for tokens that cover no known
    /// length), for the offsets of cached pieces.
    let tokenByteCounts: [UInt8]
    /// Raw bytes -> id, for tokens that are pure byte-level text.
    let rawTokens: ByteStringTable
    /// For each id: true when merging its own bytes gives exactly that token, so a piece equal to
    /// it can skip merging (tiktoken's whole-piece shortcut, made exact). Empty with
    /// `ignoreMerges`, where a whole piece is always emitted as is.
    let reachesItself: [Bool]

    /// Builds the model; throws a format error naming the first merge whose parts or result
    /// are not in the vocabulary, and `unsupported` for options this version lacks.
    /// O(vocabulary + merges), plus one merge run per token to find whole-piece shortcuts.
    public init(
        vocabulary: Vocabulary, merges: [(String, String)], options: Options = Options(), byteLevel: Bool
    ) throws(SubtokError) {
        if let dropout = options.dropout, dropout != 0 {
            guard dropout > 0 && dropout <= 1 else {
                throw SubtokError(.format, "BPE dropout must be in (0, 1], found \(dropout)")
            }
        }
        self.dropout = Float(options.dropout ?? 0)
        self.vocabulary = vocabulary
        self.options = options
        self.byteLevel = byteLevel
        var table = PairTable(count: merges.count)
        var list: [(UInt32, UInt32)] = []
        list.reserveCapacity(merges.count)
        for (rank, (a, b)) in merges.enumerated() {
            guard let left = vocabulary.id(for: a) else {
                throw SubtokError(
                    .format, "merge \(rank) (\(quoted(a)) \(quoted(b))): \(quoted(a)) is not in the vocabulary")
            }
            guard let right = vocabulary.id(for: b) else {
                throw SubtokError(
                    .format, "merge \(rank) (\(quoted(a)) \(quoted(b))): \(quoted(b)) is not in the vocabulary")
            }
            guard let merged = vocabulary.id(for: a + b) else {
                throw SubtokError(
                    .format,
                    "merge \(rank) (\(quoted(a)) \(quoted(b))): the merged token \(quoted(a + b)) is not in the vocabulary"
                )
            }
            table.insert(left, right, rank: UInt32(rank), merged: merged)
            list.append((left, right))
        }
        self.merges = list

        var byteIDs = [UInt32](repeating: ByteMerger.missing, count: 256)
        var raw = ByteStringTable(capacity: vocabulary.count)
        var byteCounts = [UInt8](repeating: 0, count: vocabulary.count)
        for (id, token) in vocabulary.tokens.enumerated() {
            guard let bytes = ByteLevelAlphabet.bytes(of: token), !bytes.isEmpty else { continue }
            _ = raw.insert(bytes, value: UInt32(id))
            byteCounts[id] = UInt8(min(bytes.count, 255))
            if bytes.count == 1 { byteIDs[Int(bytes[0])] = UInt32(id) }
        }
        let merger = ByteMerger(pairs: table, byteIDs: byteIDs)
        self.merger = merger
        self.rawTokens = raw
        self.reachesItself = options.ignoreMerges || !byteLevel ? [] : Self.tokensReachingThemselves(vocabulary, merger)
        if !byteLevel {
            let characterLevel = try CharacterLevel(vocabulary: vocabulary, options: options)
            self.characterLevel = characterLevel
            self.tokenByteCounts = Self.characterTokenByteCounts(vocabulary, characterLevel)
            self.words = Self.independentWords(vocabulary, characterLevel)
        } else {
            self.characterLevel = nil
            self.tokenByteCounts = byteCounts
            self.words = nil
        }
    }

    /// For character-level models: each id's length in the text it covers (its UTF-8 length,
    /// 1 for a `<0xNN>` byte token, 0 for the unknown token, so that a piece holding the unknown
    /// token is never cached).
    private static func characterTokenByteCounts(_ vocabulary: Vocabulary, _ characterLevel: CharacterLevel) -> [UInt8]
    {
        var counts = vocabulary.tokens.map { UInt8(min($0.utf8.count, 255)) }
        for id in characterLevel.byteIDs ?? [] { counts[Int(id)] = 1 }
        if let unknown = characterLevel.unknownID { counts[Int(unknown)] = 0 }
        return counts
    }

    /// Whether a character-level model's pieces can be merged word by word (`WhitespaceWords`):
    /// no continuation prefix or end-of-word suffix (they mark a piece's first and last
    /// characters), no token with `▁` on both sides of another character, and no unknown run
    /// that could be fused across a `▁` the vocabulary lacks. Long words are also cut where no
    /// token spans two characters (`SpanningPairs`; never inside a run of unknown characters
    /// that fuse), unless whole words that are tokens are emitted as they are (`ignoreMerges`).
    private static func independentWords(_ vocabulary: Vocabulary, _ characterLevel: CharacterLevel) -> SegmentedWords?
    {
        guard characterLevel.prefix.isEmpty, characterLevel.suffix.isEmpty else { return nil }
        if vocabulary.id(for: "\u{2581}") == nil, characterLevel.byteIDs == nil, characterLevel.options.fuseUnknown {
            return nil
        }
        let tokens = vocabulary.tokens.map { Array($0.utf8) }
        return WhitespaceWords.allowed(by: tokens).map {
            SegmentedWords(
                whitespace: $0,
                spanning: characterLevel.options.ignoreMerges
                    ? nil : SpanningPairs(pieces: tokens, fusesUnknowns: characterLevel.options.fuseUnknown))
        }
    }

    /// For each id, whether merging its own bytes yields exactly it. One merge run per token.
    private static func tokensReachingThemselves(_ vocabulary: Vocabulary, _ merger: ByteMerger) -> [Bool] {
        var result = [Bool](repeating: false, count: vocabulary.count)
        var output = ModelOutput(capacity: 64)
        for (id, token) in vocabulary.tokens.enumerated() {
            guard let bytes = ByteLevelAlphabet.bytes(of: token), bytes.count >= 2 else { continue }
            output.ids.removeAll(keepingCapacity: true)
            output.offsets.removeAll(keepingCapacity: true)
            bytes.withUnsafeBufferPointer { merger.mergePiece($0.baseAddress!, 0, $0.count, into: &output) }
            result[id] = output.ids.count == 1 && output.ids[0] == UInt32(id)
        }
        return result
    }

    /// Builds byte-level BPE from tiktoken-style ranked tokens (rank = id): the pair (A, B) merges
    /// with the rank of A + B wherever both halves are tokens, which is tiktoken's rule "merge the
    /// adjacent pair whose concatenation has the lowest rank"; a piece that is a token is emitted
    /// whole (`ignoreMerges`), as tiktoken does. `reserved` tokens (Mistral tekken's special
    /// tokens) take ids 0 ..< reserved.count, which no merge produces, and the ranked tokens
    /// follow them (id = rank + reserved.count). O(total token bytes).
    public init(rankedTokens: [[UInt8]], reserved: [String] = []) throws(SubtokError) {
        let offset = reserved.count
        let vocabulary = try Vocabulary(tokens: reserved + rankedTokens.map { ByteLevelAlphabet.token(of: $0) })
        var raw = ByteStringTable(capacity: rankedTokens.count)
        var byteIDs = [UInt32](repeating: ByteMerger.missing, count: 256)
        for (rank, bytes) in rankedTokens.enumerated() {
            _ = raw.insert(bytes, value: UInt32(rank + offset))
            if bytes.count == 1 { byteIDs[Int(bytes[0])] = UInt32(rank + offset) }
        }
        var splits: [(UInt32, UInt32, UInt32)] = []
        for (rank, bytes) in rankedTokens.enumerated() where bytes.count >= 2 {
            let id = rank + offset
            bytes.withUnsafeBufferPointer { b in
                for k in 1..<b.count {
                    if let left = raw.lookup(b.baseAddress!, k), let right = raw.lookup(b.baseAddress! + k, b.count - k)
                    {
                        splits.append((left, right, UInt32(id)))
                    }
                }
            }
        }
        var table = PairTable(count: splits.count)
        for (left, right, merged) in splits { table.insert(left, right, rank: merged, merged: merged) }
        self.vocabulary = vocabulary
        self.dropout = 0
        self.options = Options(ignoreMerges: true)
        self.byteLevel = true
        self.merges = splits.map { ($0.0, $0.1) }
        let merger = ByteMerger(pairs: table, byteIDs: byteIDs)
        self.merger = merger
        self.rawTokens = raw
        self.tokenByteCounts =
            reserved.map { UInt8(min($0.utf8.count, 255)) } + rankedTokens.map { UInt8(min($0.count, 255)) }
        self.words = nil
        self.reachesItself = []
        self.characterLevel = nil
    }

    /// The character-level tables (tokens read as text), when not byte-level.
    let characterLevel: CharacterLevel?
    /// How a character-level model's pieces split into words merged on their own (SentencePiece
    /// BPE from `tokenizer.json`, where Metaspace leaves a whole text as one piece), or nil.
    let words: SegmentedWords?
    /// The BPE-dropout probability (0: deterministic).
    let dropout: Float
    /// The linear merge of long byte-level pieces, built on the first such piece (nil when the
    /// vocabulary does not allow it; see `BacktrackingMerger`).
    private let linearMerger = LazyValue<BacktrackingMerger?>()

    /// True with BPE-dropout.
    public var isStochastic: Bool { dropout > 0 }
    /// "piece cache" when encoding is deterministic (dropout's draws are not cached).
    public var pieceCacheName: String? { isStochastic ? nil : "piece cache" }

    /// The number of tokens.
    public var vocabularySize: Int { vocabulary.count }
    /// "BPE".
    public var typeName: String { "BPE" }
    /// The id of `token`, or nil.
    public func id(for token: String) -> UInt32? { vocabulary.id(for: token) }
    /// The token of `id`, or nil.
    public func token(for id: UInt32) -> String? { vocabulary.token(for: id) }

    /// Tokenizes one piece. A piece of at most 16 bytes seen before costs one piece-cache look-up
    /// (one cache line), one of up to 128 bytes a long-piece look-up (O(n)). A piece that is
    /// itself a token costs one hash look-up; otherwise merging (`FlatMerge`) costs O(n²) for
    /// pieces up to 48 symbols (a scan) and O(n log n) above (a heap with lazy invalidation), and
    /// byte-level pieces of `BacktrackingMerger.minimumPieceBytes` or more cost O(n) (its tables
    /// are built on the first such piece: tens of milliseconds). With dropout, every piece
    /// goes through the heap, drawing once per candidate merge from `output.random`.
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout ModelOutput) {
        let n = end - start
        guard n > 0, let base = text.baseAddress else { return }
        let p = base + start
        if let characterLevel {
            guard dropout == 0 else {
                characterLevel.tokenize(p, start, n, pairs: merger.pairs, dropout: dropout, into: &output)
                return
            }
            if n > PieceCache.maximumPieceBytes, let words {
                tokenizeWords(text, start, n, words, into: &output)
            } else {
                tokenizeDeterministic(p, start, n, limit: base + text.count, into: &output)
            }
            return
        }
        if dropout > 0 {
            var symbols: [MergeSymbol] = []
            symbols.reserveCapacity(n)
            for k in 0..<n where merger.byteIDs[Int(p[k])] != ByteMerger.missing {
                symbols.append(MergeSymbol(id: merger.byteIDs[Int(p[k])], start: start + k, end: start + k + 1))
            }
            SymbolMerge.mergeAll(&symbols, merger.pairs, dropout: dropout, random: &output.random)
            for s in symbols { output.append(s.id, s.start, s.end) }
            return
        }
        if n == 1 {
            let id = merger.byteIDs[Int(p[0])]
            if id != ByteMerger.missing { output.append(id, start, end) }
            return
        }
        tokenizeDeterministic(p, start, n, limit: base + text.count, into: &output)
    }

    /// Tokenizes consecutive pieces. Byte-level and deterministic: each short piece's key is
    /// built once, `prefetchDistance` pieces before its turn, when its cache line is requested;
    /// hits are gathered in a stack buffer and appended together (with offsets, their byte ranges
    /// from each token's length). So are hits of the medium-piece cache: pieces of 17 to 48
    /// bytes, and short pieces the piece cache marks as spilled (more than four tokens, such
    /// as GPT-2's runs of indentation, one token per space). One-byte pieces go through the cache too: a branch on the
    /// length, taken for one piece in five in English, cost more than the look-up of a line that
    /// stays in the CPU's cache. Otherwise `tokenize` per piece. Allocates nothing but the
    /// output's growth.
    public func tokenizePieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>,
        into output: inout ModelOutput
    ) {
        tokenizePieces(text, start, ends, cached: dropout == 0 && characterLevel == nil, into: &output)
    }

    /// A piece without the cache: character-level merging, or (byte-level, two or more bytes) a
    /// whole-token look-up, else a merge.
    func tokenizeUncached(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
        if let characterLevel {
            characterLevel.tokenize(p, start, n, pairs: merger.pairs, dropout: 0, into: &output)
            return
        }
        if let id = wholeToken(p, n) {
            output.append(id, start, start + n)
            return
        }
        if n >= BacktrackingMerger.minimumPieceBytes, let linear = backtrackingMerger() {
            linear.mergePiece(p, start, n, into: &output)
            return
        }
        merger.mergePiece(p, start, n, into: &output)
    }

    /// The backtracking encoder of this byte-level model, built on first use; nil when the
    /// vocabulary does not allow it.
    func backtrackingMerger() -> BacktrackingMerger? {
        linearMerger.value {
            BacktrackingMerger(
                bytes: vocabulary.tokens.map { ByteLevelAlphabet.bytes(of: $0) }, raw: rawTokens, merger: merger)
        }
    }

    /// Byte-level: the piece is a token its merges reach (`wholeToken`); character-level pieces
    /// always take the long-piece caches.
    @inline(__always)
    func isWholeToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool { characterLevel == nil && wholeToken(p, n) != nil }

    /// The token the byte-level piece `p[0 ..< n]` is when merging it gives that token alone
    /// (or, with `ignoreMerges`, whenever it is a token), else nil. One hash look-up.
    @inline(__always)
    private func wholeToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        guard let id = rawTokens.lookup(p, n), options.ignoreMerges || reachesItself[Int(id)] else { return nil }
        return id
    }
}
