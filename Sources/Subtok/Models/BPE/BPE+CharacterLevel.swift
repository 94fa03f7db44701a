extension BPE {
    /// Character-level BPE as `tokenizers` runs it (SentencePiece-converted Llama files, classic
    /// subword-nmt BPE): a word starts as its characters, spelled with the continuation prefix
    /// after the first and the end-of-word suffix on the last; a character the vocabulary lacks
    /// becomes its `<0xNN>` byte tokens (byte fallback) or the unknown token (consecutive ones
    /// fused with `fuse_unk`); then merges apply in rank order: `FlatMerge` over the symbols'
    /// ids, or with dropout `SymbolMerge`'s heap; O(n log n) either way.
    struct CharacterLevel: Sendable {
        let vocabulary: Vocabulary
        let options: Options
        let unknownID: UInt32?
        let prefix: [UInt8]
        let suffix: [UInt8]
        /// The id of `<0xNN>` for each byte, when byte fallback is on and all exist.
        let byteIDs: [UInt32]?

        init(vocabulary: Vocabulary, options: Options) throws(SubtokError) {
            self.vocabulary = vocabulary
            self.options = options
            if let unknown = options.unknownToken {
                guard let id = vocabulary.id(for: unknown) else {
                    throw SubtokError(.format, "BPE: the unknown token \(quoted(unknown)) is not in the vocabulary")
                }
                unknownID = id
            } else {
                unknownID = nil
            }
            prefix = Array((options.continuingSubwordPrefix ?? "").utf8)
            suffix = Array((options.endOfWordSuffix ?? "").utf8)
            if options.byteFallback {
                let ids = (0..<256).map { vocabulary.id(for: UnknownPieces.bytePiece(UInt8($0))) }
                byteIDs = ids.allSatisfy { $0 != nil } ? ids.map { $0! } : nil
            } else {
                byteIDs = nil
            }
        }

        /// Tokenizes the word `p[0 ..< n]` (offset `base` in the text); with `dropout`, merges are
        /// skipped at random and a whole-word token is not taken as is (as `tokenizers` does).
        func tokenize(
            _ p: UnsafePointer<UInt8>, _ base: Int, _ n: Int, pairs: PairTable, dropout: Float,
            into output: inout ModelOutput
        ) {
            if options.ignoreMerges, dropout == 0, let id = vocabulary.id(p, n) {
                output.append(id, base, base + n)
                return
            }
            var symbols: [MergeSymbol] = []
            var pendingUnknown: MergeSymbol?
            var key: [UInt8] = []
            var i = 0
            // Offsets advance by each symbol's byte length, as `tokenizers`' Word does (byte
            // tokens count one byte each, prefix and suffix bytes included).
            var position = 0
            while i < n {
                let length = min(UTF8Bytes.sequenceLength(lead: p[i]), n - i)
                key.removeAll(keepingCapacity: true)
                if i > 0 { key.append(contentsOf: prefix) }
                key.append(contentsOf: UnsafeBufferPointer(start: p + i, count: length))
                if i + length == n { key.append(contentsOf: suffix) }
                if let id = key.withNonNullBytes({ vocabulary.id($0, $1) }) {
                    if let u = pendingUnknown { symbols.append(u); pendingUnknown = nil }
                    symbols.append(MergeSymbol(id: id, start: position, end: position + length))
                    position += length
                } else if let byteIDs {
                    for b in key {
                        symbols.append(
                            MergeSymbol(id: byteIDs[Int(b)], start: min(position, n), end: min(position + 1, n)))
                        position += 1
                    }
                } else if let unknownID {
                    if var u = pendingUnknown, options.fuseUnknown {
                        u.end = position + length
                        pendingUnknown = u
                    } else {
                        if let u = pendingUnknown { symbols.append(u) }
                        pendingUnknown = MergeSymbol(id: unknownID, start: position, end: position + length)
                    }
                    position += length
                } else {
                    position += length
                }
                i += length
            }
            if let u = pendingUnknown { symbols.append(u) }
            guard dropout > 0 || symbols.count >= Int(Int32.max) else {
                merge(symbols, pairs: pairs, base, n, into: &output)
                return
            }
            SymbolMerge.mergeAll(&symbols, pairs, dropout: dropout, random: &output.random)
            for s in symbols {
                output.append(s.id, base + min(s.start, n), base + min(s.end, n))
            }
        }

        /// The merges without dropout, in `FlatMerge` (a scan for short words, its heap for long
        /// ones, over a buffer): each symbol stands for its index, so a merged token spans from
        /// the start of its first symbol to the end of its last.
        private func merge(
            _ symbols: [MergeSymbol], pairs: PairTable, _ base: Int, _ n: Int, into output: inout ModelOutput
        ) {
            let count = symbols.count
            withUnsafeTemporaryAllocation(of: FlatMerge.Symbol.self, capacity: count + 1) { buffer in
                let flat = buffer.baseAddress!
                for k in 0..<count { flat[k] = FlatMerge.Symbol(id: symbols[k].id, start: Int32(k)) }
                flat[count] = FlatMerge.Symbol(id: 0, start: Int32(count))
                let left = FlatMerge.run(flat, count: count, pairs: pairs)
                for j in 0..<left {
                    let first = symbols[Int(flat[j].start)], last = symbols[Int(flat[j + 1].start) - 1]
                    output.append(flat[j].id, base + min(first.start, n), base + min(last.end, n))
                }
            }
        }
    }
}
