/// WordPiece (Schuster & Nakajima 2012; BERT): each word is cut greedily into the longest
/// vocabulary token at its start, then the longest continuation token (`##...`) at each next
/// position; a word that cannot be cut completely, or that is longer than
/// `maxInputCharactersPerWord`, becomes the unknown token. A word that is itself a token costs
/// one hash look-up (it is its own longest match); otherwise longest matches are one walk down
/// a byte trie, so a word costs O(n · longest token) at worst and O(n) typically.
public final class WordPiece: Model {
    /// The tokens.
    public let vocabulary: Vocabulary
    /// The unknown token.
    public let unknownToken: String
    /// The prefix of continuation tokens (`##`).
    public let continuingSubwordPrefix: String
    /// Words with more characters than this become the unknown token.
    public let maxInputCharactersPerWord: Int

    private let unknownID: UInt32
    private let trie: TokenTrie
    /// Words of up to 16 bytes and their ids, shared by all threads (ids-only encoding).
    private let cache = PieceCache()

    /// Builds the model; throws a format error when `unknownToken` is not in the vocabulary.
    public init(
        vocabulary: Vocabulary, unknownToken: String = "[UNK]", continuingSubwordPrefix: String = "##",
        maxInputCharactersPerWord: Int = 100
    ) throws(SubtokError) {
        guard let unknownID = vocabulary.id(for: unknownToken) else {
            throw SubtokError(.format, "WordPiece: the unknown token \(quoted(unknownToken)) is not in the vocabulary")
        }
        self.vocabulary = vocabulary
        self.unknownToken = unknownToken
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
        self.unknownID = unknownID
        self.trie = TokenTrie(vocabulary, continuationPrefix: continuingSubwordPrefix)
    }

    /// The number of tokens.
    public var vocabularySize: Int { vocabulary.count }
    /// "WordPiece".
    public var typeName: String { "WordPiece" }
    /// The id of `token`, or nil.
    public func id(for token: String) -> UInt32? { vocabulary.id(for: token) }
    /// The token of `id`, or nil.
    public func token(for id: UInt32) -> String? { vocabulary.token(for: id) }

    /// Tokenizes one word.
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout ModelOutput) {
        guard end > start, let p = text.baseAddress else { return }
        if end - start > maxInputCharactersPerWord {
            var characters = 0
            for i in start..<end where !UTF8Bytes.isContinuation(p[i]) {
                characters += 1
                if characters > maxInputCharactersPerWord {
                    output.append(unknownID, start, end)
                    return
                }
            }
        }
        if let whole = vocabulary.id(p + start, end - start) {
            output.append(whole, start, end)
            return
        }
        let mark = output.ids.count
        var position = start
        while position < end {
            let root = position == start ? TokenTrie.initialRoot : TokenTrie.continuationRoot
            guard let (id, length) = trie.longestMatch(p, position, end, from: root) else {
                output.truncate(to: mark)
                output.append(unknownID, start, end)
                return
            }
            output.append(id, position, position + length)
            position += length
        }
    }

    /// How many words ahead `tokenizePieces` requests a word's cache slot.
    private static let prefetchDistance = 8

    /// Tokenizes consecutive words. Without offsets, words of up to 16 bytes go through the word
    /// cache, each word's slot requested `prefetchDistance` words before its turn; a miss is cut
    /// as `tokenize` does and kept. With offsets, `tokenize` per word. (The key ring is the one of
    /// `BPE.tokenizePieces`, written out: one helper taking the loop body as a closure cost 5-10%
    /// here and 15-20% in BPE, in interleaved pairs.)
    public func tokenizePieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>,
        into output: inout ModelOutput
    ) {
        guard !output.withOffsets, let base = text.baseAddress else {
            var s = start
            for e in ends {
                tokenize(text, s, e, into: &output)
                s = e
            }
            return
        }
        let limit = base + text.count
        let distance = Self.prefetchDistance
        withUnsafeTemporaryAllocation(of: PieceCache.Key.self, capacity: distance) { ring in
            func key(_ k: Int) -> PieceCache.Key {
                let s = k == 0 ? start : ends[k - 1]
                return PieceCache.Key(base + s, min(max(ends[k] - s, 1), PieceCache.maximumPieceBytes), limit: limit)
            }
            for k in 0..<min(distance, ends.count) {
                ring[k] = key(k)
                cache.prefetch(ring[k])
            }
            var s = start
            for k in ends.indices {
                let e = ends[k]
                let current = ring[k % distance]
                if k + distance < ends.count {
                    ring[k % distance] = key(k + distance)
                    cache.prefetch(ring[k % distance])
                }
                if e - s > PieceCache.maximumPieceBytes || cache.lookup(current, appendingTo: &output.ids) == 0 {
                    let before = output.ids.count
                    tokenize(text, s, e, into: &output)
                    let produced = output.ids.count - before
                    if e - s <= PieceCache.maximumPieceBytes, produced <= PieceCache.maximumTokens {
                        output.ids.withUnsafeBufferPointer {
                            cache.insert(current, ids: UnsafeBufferPointer(rebasing: $0[before...]))
                        }
                    }
                }
                s = e
            }
        }
    }

    /// `{"type": "WordPiece", ...}` with the vocabulary in id order.
    public var json: JSON {
        .object([
            ("type", .string("WordPiece")), ("unk_token", .string(unknownToken)),
            ("continuing_subword_prefix", .string(continuingSubwordPrefix)),
            ("max_input_chars_per_word", .number(Double(maxInputCharactersPerWord))),
            (
                "vocab",
                .object(vocabulary.tokens.enumerated().map { (key: $0.element, value: JSON.number(Double($0.offset))) })
            ),
        ])
    }
}

extension WordPiece {
    /// Reads a `tokenizer.json` model `{"type": "WordPiece", "vocab", "unk_token",
    /// "continuing_subword_prefix", "max_input_chars_per_word"}`. O(tokens).
    convenience init(json f: JSONFields) throws(SubtokError) {
        let maxCharacters = try f.optional("max_input_chars_per_word").map { v throws(SubtokError) in
            Int(try JSONFields.uint32(v, at: "\(f.path).max_input_chars_per_word"))
        }
        try self.init(
            vocabulary: try Vocabulary(json: f), unknownToken: try f.optionalString("unk_token") ?? "[UNK]",
            continuingSubwordPrefix: try f.optionalString("continuing_subword_prefix") ?? "##",
            maxInputCharactersPerWord: maxCharacters ?? 100)
    }
}
