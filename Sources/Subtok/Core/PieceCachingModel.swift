/// A deterministic model whose tokens for a piece depend on the piece's bytes alone, encoded
/// through three shared caches: `PieceCache` (pieces of up to 16 bytes and four tokens, one
/// cache line a hit), the medium `LongPieceCache` (up to 48 bytes and 16 tokens, and the short
/// pieces `PieceCache` marks as spilled) and the long one (up to 128 bytes). Byte-level BPE,
/// character-level BPE and SentencePiece BPE conform: each says how to tokenize a piece without
/// the caches, and the loops here (specialized for each model) do the rest, pieces a batch at a
/// time with each piece's cache line requested ahead of its look-up.
protocol PieceCachingModel: Model {
    /// Short pieces -> their ids, filled as pieces are merged.
    var pieceCache: PieceCache { get }
    /// Pieces of 17 to 48 bytes, and short pieces of more than four tokens -> their ids.
    var mediumPieceCache: LongPieceCache { get }
    /// Pieces of up to 128 bytes the medium cache does not keep -> their ids.
    var longPieceCache: LongPieceCache { get }
    /// Each id's length in the text it covers (at most 255), or 0 for a token a cached piece
    /// must not hold (one whose offsets do not follow from a length, such as the unknown token):
    /// a piece is kept only when its tokens' lengths add up to its own.
    var tokenByteCounts: [UInt8] { get }
    /// Appends the tokens of the `n`-byte piece at `p` (offsets from `start`) without the caches.
    func tokenizeUncached(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into output: inout ModelOutput)
    /// True when `p[0 ..< n]` is one token its own merges reach: the common miss, which needs no
    /// look-up in the long-piece caches.
    func isWholeToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool
}

extension PieceCachingModel {
    /// A piece without dropout (byte-level: of two or more bytes): through the piece cache when
    /// it is short enough, else merged. `limit` is the end of the text (how far a key may read).
    @inline(__always)
    func tokenizeDeterministic(
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
    func tokenizeLongCached(
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
    static var wordBatch: Int { 512 }

    /// The `n` bytes of `text` from `start`, cut into words at `words`' boundaries (a
    /// SentencePiece-style text that is one piece; `WordBoundaries`), through `tokenizeCachedPieces` a batch of words at a
    /// time, so that each word's cache line is requested ahead of its look-up. Allocates nothing:
    /// the batch's ends are on the stack.
    func tokenizeWords(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ n: Int, _ words: some WordBoundaries,
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

    /// `Model.tokenizePieces` for a conforming model: through the piece caches when `cached`
    /// (the model is deterministic for this call), else `tokenize` on each piece.
    @inline(__always)
    func tokenizePieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>, cached: Bool,
        into output: inout ModelOutput
    ) {
        guard cached, text.baseAddress != nil else {
            var s = start
            for e in ends {
                tokenize(text, s, e, into: &output)
                s = e
            }
            return
        }
        tokenizeCachedPieces(text, start, ends, into: &output)
    }

    /// How many pieces ahead `tokenizePieces` requests a piece's cache line (a power of two).
    static var prefetchDistance: Int { 16 }
    /// How many ids `tokenizePieces` gathers before appending them to the output.
    static var gatheredCapacity: Int { 512 }

    /// `tokenizePieces` of deterministic pieces (byte-level, or words of a character-level
    /// text) through the piece caches, with its rings and gathered ids on the stack.
    func tokenizeCachedPieces(
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
    func tokenizeCachedPieces(
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
    func appendGathered(
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
    func tokenizeCached(
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
        if n >= LongPieceCache.minimumPieceBytes, !isWholeToken(p, n) {
            tokenizeLongCached(p, start, n, hash: LongPieceCache.hash(p, n), into: &output)
            return
        }
        tokenizeUncached(p, start, n, into: &output)
        keep(p, n, from: before, in: output)
    }

    /// Keeps the tokens of the `n`-byte piece at `p`, `output.ids[before...]`, in the piece cache
    /// when they cover its bytes exactly.
    func keep(_ p: UnsafePointer<UInt8>, _ n: Int, from before: Int, in output: ModelOutput) {
        let produced = output.ids.count - before
        guard produced <= PieceCache.maximumTokens else { return }
        var covered = 0
        for k in before..<output.ids.count { covered += Int(tokenByteCounts[Int(output.ids[k])]) }
        guard covered == n else { return }
        let key = PieceCache.Key(p, n, limit: p + n)
        output.ids.withUnsafeBufferPointer { pieceCache.insert(key, ids: UnsafeBufferPointer(rebasing: $0[before...])) }
    }
}
