/// Byte-pair encoding: a vocabulary plus an ordered list of merges; a piece starts as its
/// smallest symbols and the lowest-ranked adjacent pair is merged until none is left
/// (Sennrich et al. 2016; GPT-2's byte-level variant, Radford et al. 2019).
///
/// With `byteLevel` (set when the pre-tokenizer is `ByteLevel`), tokens are read as the raw bytes
/// they stand for in GPT-2's alphabet and pieces are merged from their bytes, which gives the
/// same ids as `tokenizers`' character mapping without rewriting the text.
public final class BPE: Model {
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
    /// that could be fused across a `▁` the vocabulary lacks.
    private static func independentWords(_ vocabulary: Vocabulary, _ characterLevel: CharacterLevel) -> WhitespaceWords?
    {
        guard characterLevel.prefix.isEmpty, characterLevel.suffix.isEmpty else { return nil }
        if vocabulary.id(for: "\u{2581}") == nil, characterLevel.byteIDs == nil, characterLevel.options.fuseUnknown {
            return nil
        }
        return WhitespaceWords.allowed(by: vocabulary.tokens.map { Array($0.utf8) })
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
    let words: WhitespaceWords?
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

    /// A piece without dropout (byte-level: of two or more bytes): through the piece cache when
    /// it is short enough, else merged. `limit` is the end of the text (how far a key may read).
    @inline(__always)
    private func tokenizeDeterministic(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, limit: UnsafePointer<UInt8>, into output: inout ModelOutput
    ) {
        if n <= PieceCache.maximumPieceBytes {
            tokenizeCached(p, start, n, key: PieceCache.Key(p, n, limit: limit), into: &output)
        } else if n <= longPieceCache.maximumPieceBytes {
            tokenizeLongCached(p, start, n, hash: LongPieceCache.hash(p, n), into: &output)
        } else {
            tokenizeUncached(p, start, n, into: &output)
        }
    }

    /// A piece of 5 to 128 bytes through the medium- and long-piece caches: a hit appends the
    /// cached ids (and offsets from each token's byte length); a miss merges and keeps the result
    /// when its tokens cover the piece's bytes exactly, in the first cache that takes them.
    private func tokenizeLongCached(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, hash: UInt64, into output: inout ModelOutput
    ) {
        let found = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: longPieceCache.maximumTokens) { buffer in
            var count = 0
            if n <= mediumPieceCache.maximumPieceBytes {
                count = mediumPieceCache.lookup(p, n, hash: hash, writingTo: buffer.baseAddress!)
            }
            if count == 0 { count = longPieceCache.lookup(p, n, hash: hash, writingTo: buffer.baseAddress!) }
            guard count > 0 else { return false }
            output.ids.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            if output.withOffsets {
                var s = start
                for k in 0..<count {
                    let e = s + Int(tokenByteCounts[Int(buffer[k])])
                    output.offsets.append(TokenOffset(start: s, end: e))
                    s = e
                }
            }
            return true
        }
        if found { return }
        let before = output.ids.count
        tokenizeUncached(p, start, n, into: &output)
        if n <= PieceCache.maximumPieceBytes, output.ids.count - before <= PieceCache.maximumTokens {
            keep(p, n, from: before, in: output)
            return
        }
        var covered = 0
        for k in before..<output.ids.count { covered += Int(tokenByteCounts[Int(output.ids[k])]) }
        guard covered == n else { return }
        let produced = output.ids.count - before
        let cache =
            n <= mediumPieceCache.maximumPieceBytes && produced <= mediumPieceCache.maximumTokens
            ? mediumPieceCache : longPieceCache
        output.ids.withUnsafeBufferPointer {
            cache.insert(p, n, hash: hash, ids: UnsafeBufferPointer(rebasing: $0[before...]))
        }
        if n <= PieceCache.maximumPieceBytes { pieceCache.insertSpilled(PieceCache.Key(p, n, limit: p + n)) }
    }

    /// How many words `tokenizeWords` hands to `tokenizePieces` at a time.
    private static let wordBatch = 512

    /// The `n` bytes of `text` from `start`, cut into words at `words`' boundaries (a
    /// SentencePiece-style text that is one piece), through `tokenizeCachedPieces` a batch of words at a
    /// time, so that each word's cache line is requested ahead of its look-up. Allocates nothing:
    /// the batch's ends are on the stack.
    private func tokenizeWords(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ n: Int, _ words: WhitespaceWords,
        into output: inout ModelOutput
    ) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.wordBatch) { ends in
            var count = 0
            var batchStart = start
            words.forEachWord(text.baseAddress! + start, n) { _, to in
                ends[count] = start + to
                count += 1
                guard count == Self.wordBatch else { return }
                tokenizeCachedPieces(text, batchStart, UnsafeBufferPointer(rebasing: ends[..<count]), into: &output)
                batchStart = ends[count - 1]
                count = 0
            }
            if count > 0 {
                tokenizeCachedPieces(text, batchStart, UnsafeBufferPointer(rebasing: ends[..<count]), into: &output)
            }
        }
    }

    /// How many pieces ahead `tokenizePieces` requests a piece's cache line (a power of two).
    private static let prefetchDistance = 16
    /// How many ids `tokenizePieces` gathers before appending them to the output.
    private static let gatheredCapacity = 512

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
        guard dropout == 0, characterLevel == nil, text.baseAddress != nil else {
            var s = start
            for e in ends {
                tokenize(text, s, e, into: &output)
                s = e
            }
            return
        }
        tokenizeCachedPieces(text, start, ends, into: &output)
    }

    /// `tokenizePieces` of deterministic pieces (byte-level, or words of a character-level
    /// text) through the piece caches, with its rings and gathered ids on the stack.
    private func tokenizeCachedPieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>,
        into output: inout ModelOutput
    ) {
        withUnsafeTemporaryAllocation(of: PieceCache.Key.self, capacity: Self.prefetchDistance) { ring in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.prefetchDistance) { hashes in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.gatheredCapacity) { gathered in
                    tokenizeCachedPieces(
                        text, start, ends, ring: ring.baseAddress!, hashes: hashes.baseAddress!,
                        gathered: gathered.baseAddress!, into: &output)
                }
            }
        }
    }

    /// `tokenizePieces` through the piece caches, with rings of `prefetchDistance` keys (pieces of
    /// up to 16 bytes) and long-piece hashes (longer pieces) and room for `gatheredCapacity`
    /// gathered ids.
    @inline(__always)
    private func tokenizeCachedPieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>,
        ring: UnsafeMutablePointer<PieceCache.Key>, hashes: UnsafeMutablePointer<UInt64>,
        gathered: UnsafeMutablePointer<UInt32>,
        into output: inout ModelOutput
    ) {
        let base = text.baseAddress!, limit = base + text.count
        let distance = Self.prefetchDistance, count = ends.count
        let probe = pieceCache.probe
        // Where the next piece to request starts.
        var requested = start
        /// Builds piece k's key (and, for a long piece, its hash) into `slot` and requests the
        /// cache line its look-up will read. Pieces are requested in order.
        func request(_ k: Int, _ slot: Int) {
            let s = requested
            requested = ends[k]
            let n = requested &- s
            ring[slot] = PieceCache.Key(base + s, min(max(n, 1), PieceCache.maximumPieceBytes), limit: limit)
            if n <= PieceCache.maximumPieceBytes {
                probe.prefetch(ring[slot])
            } else if n <= longPieceCache.maximumPieceBytes {
                hashes[slot] = LongPieceCache.hash(base + s, n)
                (n <= mediumPieceCache.maximumPieceBytes ? mediumPieceCache : longPieceCache)
                    .prefetch(hashes[slot], bytes: n)
            }
        }
        hashes.initialize(repeating: 0, count: distance)
        for k in 0..<min(distance, count) { request(k, k) }
        var pending = 0
        var s = start
        // Where the gathered ids' pieces start: they cover the text from here to `s`.
        var gatheredStart = start
        var k = 0
        while k < count {
            let e = ends[k]
            let n = e &- s
            let slot = k & (distance &- 1)
            let current = ring[slot], hash = hashes[slot]
            if k &+ distance < count { request(k &+ distance, slot) }
            k &+= 1
            if pending <= Self.gatheredCapacity &- LongPieceCache.mediumTokens {
                var found = 0
                if n <= PieceCache.maximumPieceBytes {
                    found = probe.lookup(current, writingTo: gathered + pending)
                    if found == PieceCache.spilled {
                        found = mediumPieceCache.lookup(
                            base + s, n, hash: LongPieceCache.hash(base + s, n), writingTo: gathered + pending)
                    }
                } else if n <= mediumPieceCache.maximumPieceBytes {
                    found = mediumPieceCache.lookup(base + s, n, hash: hash, writingTo: gathered + pending)
                }
                if found > 0 {
                    pending &+= found
                    s = e
                    continue
                }
            }
            appendGathered(gathered, pending, from: gatheredStart, into: &output)
            pending = 0
            gatheredStart = e
            if n >= 1, n <= PieceCache.maximumPieceBytes {
                tokenizeCached(base + s, s, n, key: current, into: &output)
            } else if n > PieceCache.maximumPieceBytes, n <= longPieceCache.maximumPieceBytes {
                tokenizeLongCached(base + s, s, n, hash: hash, into: &output)
            } else if n > 0 {
                tokenizeUncached(base + s, s, n, into: &output)
            }
            s = e
        }
        appendGathered(gathered, pending, from: gatheredStart, into: &output)
    }

    /// Appends the `count` gathered ids, and with offsets their byte ranges: cache hits, so
    /// their tokens cover their pieces' bytes exactly, one after another from `start`.
    @inline(__always)
    private func appendGathered(
        _ gathered: UnsafeMutablePointer<UInt32>, _ count: Int, from start: Int, into output: inout ModelOutput
    ) {
        output.ids.append(contentsOf: UnsafeBufferPointer(start: gathered, count: count))
        guard output.withOffsets, count > 0 else { return }
        var s = start
        tokenByteCounts.withUnsafeBufferPointer { lengths in
            for k in 0..<count {
                let e = s &+ Int(lengths[Int(gathered[k])])
                output.offsets.append(TokenOffset(start: s, end: e))
                s = e
            }
        }
    }

    /// A short piece through the piece cache: a hit appends the cached ids (and offsets from
    /// each token's byte length); a miss of 5 bytes or more goes on to the long-piece cache
    /// (which keeps pieces of more than four tokens); a shorter miss merges and keeps the result
    /// when its tokens cover the piece's bytes exactly (a byte the vocabulary lacks makes a piece
    /// uncacheable).
    @inline(__always)
    private func tokenizeCached(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, key: PieceCache.Key, into output: inout ModelOutput
    ) {
        let before = output.ids.count
        if pieceCache.lookup(key, appendingTo: &output.ids) > 0 {
            if output.withOffsets {
                var s = start
                for k in before..<output.ids.count {
                    let e = s + Int(tokenByteCounts[Int(output.ids[k])])
                    output.offsets.append(TokenOffset(start: s, end: e))
                    s = e
                }
            }
            return
        }
        // A piece that is itself a token is the common miss, and needs no look-up in the
        // long-piece caches (whose lines would come from memory).
        if n >= LongPieceCache.minimumPieceBytes, characterLevel != nil || wholeToken(p, n) == nil {
            tokenizeLongCached(p, start, n, hash: LongPieceCache.hash(p, n), into: &output)
            return
        }
        tokenizeUncached(p, start, n, into: &output)
        keep(p, n, from: before, in: output)
    }

    /// Keeps the tokens of the `n`-byte piece at `p`, `output.ids[before...]`, in the piece cache
    /// when they cover its bytes exactly.
    private func keep(_ p: UnsafePointer<UInt8>, _ n: Int, from before: Int, in output: ModelOutput) {
        let produced = output.ids.count - before
        guard produced <= PieceCache.maximumTokens else { return }
        var covered = 0
        for k in before..<output.ids.count { covered += Int(tokenByteCounts[Int(output.ids[k])]) }
        guard covered == n else { return }
        let key = PieceCache.Key(p, n, limit: p + n)
        output.ids.withUnsafeBufferPointer { pieceCache.insert(key, ids: UnsafeBufferPointer(rebasing: $0[before...])) }
    }

    /// A piece without the cache: character-level merging, or (byte-level, two or more bytes) a
    /// whole-token look-up, else a merge.
    private func tokenizeUncached(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput) {
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

    /// The token the byte-level piece `p[0 ..< n]` is when merging it gives that token alone
    /// (or, with `ignoreMerges`, whenever it is a token), else nil. One hash look-up.
    @inline(__always)
    private func wholeToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        guard let id = rawTokens.lookup(p, n), options.ignoreMerges || reachesItself[Int(id)] else { return nil }
        return id
    }
}
