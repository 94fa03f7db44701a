/// SentencePiece BPE's merges over piece ids instead of text: (left id, right id) -> the piece
/// their texts concatenate to, ranked by score (equal scores share a rank, so the leftmost pair
/// wins a tie as in `sentencepiece`). A word whose characters are all pieces then merges in a
/// stack buffer (`FlatMerge`) with one hash look-up per pair, with no text hashing or heap.
struct PieceMerger: Sendable {
    private let pairs: PairTable
    private let vocabulary: Vocabulary
    /// The id of each ASCII character's piece, or `none` (also for pieces merges cannot
    /// produce: `sentencepiece` makes those unknown).
    private let asciiIDs: [UInt32]
    /// By id: merges can produce the piece.
    private let mergeable: [Bool]
    /// The first bytes of user-defined pieces: a word holding one goes the general way.
    private let userDefinedLeads: [Bool]
    /// Every character of every piece merges can produce (its UTF-8 bytes).
    private let charactersOfPieces: ByteStringTable
    private static let none = UInt32.max
    /// The id `merge` gives a character that is no piece and in no piece: it merges with
    /// nothing, and is the unknown piece (or its bytes, with byte fallback).
    static let unknownCharacter = UInt32.max - 1

    /// The longest word, in bytes, merged here (symbol positions are 32-bit); longer ones go
    /// through the text-based heap. Long words (Chinese and Japanese text, which no space cuts,
    /// can be one word of a megabyte) merge here in `FlatMerge`'s heap over ids, in about 32
    /// bytes of scratch memory per character (the text-based heap takes twice that).
    static let maximumWordBytes = Int(Int32.max) - 1

    /// Builds the pair table from every piece merges can produce (normal, user-defined,
    /// unused): one entry per way to cut it into two pieces. O(total piece bytes).
    init(vocabulary: Vocabulary, scores: [Float], types: [Unigram.PieceType]) {
        let mergeable = vocabulary.tokens.indices.filter { SentencePieceBPE.isMergeable(types[$0]) }
        let distinctScores = Set(mergeable.map { scores[$0] }).sorted(by: >)
        let rank = Dictionary(uniqueKeysWithValues: distinctScores.enumerated().map { ($1, UInt32($0)) })
        let texts = mergeable.map { Array(vocabulary.tokens[$0].utf8) }
        var entries: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        for (id, bytes) in zip(mergeable, texts) {
            bytes.withUnsafeBufferPointer { b in
                var cut = UTF8Bytes.sequenceLength(lead: b[0])
                while cut < b.count {
                    if let left = vocabulary.id(b.baseAddress!, cut),
                        let right = vocabulary.id(b.baseAddress! + cut, b.count - cut)
                    {
                        entries.append((left, right, rank[scores[id]]!, UInt32(id)))
                    }
                    cut += UTF8Bytes.sequenceLength(lead: b[cut])
                }
            }
        }
        // Sized by the pairs that exist (not the piece bytes): a smaller table stays in cache.
        var pairs = PairTable(count: entries.count + 1)
        for entry in entries { pairs.insert(entry.left, entry.right, rank: entry.rank, merged: entry.merged) }
        var asciiIDs = [UInt32](repeating: Self.none, count: 128)
        for b in 0..<128 {
            if let id = [UInt8(b)].withUnsafeBufferPointer({ vocabulary.id($0.baseAddress!, 1) }),
                SentencePieceBPE.isMergeable(types[Int(id)])
            {
                asciiIDs[b] = id
            }
        }
        var charactersOfPieces = ByteStringTable()
        for bytes in texts {
            var i = 0
            while i < bytes.count {
                let length = min(UTF8Bytes.sequenceLength(lead: bytes[i]), bytes.count - i)
                _ = charactersOfPieces.insert(bytes[i..<(i + length)], value: 0)
                i += length
            }
        }
        var userDefinedLeads = [Bool](repeating: false, count: 256)
        for id in vocabulary.tokens.indices where types[id] == .userDefined {
            userDefinedLeads[Int(vocabulary.tokens[id].utf8.first!)] = true
        }
        self.pairs = pairs
        self.vocabulary = vocabulary
        self.asciiIDs = asciiIDs
        self.userDefinedLeads = userDefinedLeads
        self.charactersOfPieces = charactersOfPieces
        self.mergeable = types.map(SentencePieceBPE.isMergeable)
    }

    /// Merges the word `p[0 ..< n]` (at most `maximumWordBytes`) into `symbols`, which has room
    /// for n + 1, and returns how many symbols remain (`symbols[count].start` is n). A character
    /// that is no piece and in no piece is one symbol, `unknownCharacter`. nil when a character
    /// is not a piece but is part of one, or a user-defined piece may start in the word, which
    /// the text-based merge handles.
    @inline(__always)
    func merge(_ p: UnsafePointer<UInt8>, _ n: Int, into symbols: UnsafeMutablePointer<FlatMerge.Symbol>) -> Int? {
        var m = 0
        var i = 0
        while i < n {
            let lead = p[i]
            if userDefinedLeads[Int(lead)] { return nil }
            let id: UInt32
            let length: Int
            if lead < 0x80 {
                id = asciiIDs[Int(lead)]
                length = 1
            } else {
                length = min(UTF8Bytes.sequenceLength(lead: lead), n - i)
                id = vocabulary.id(p + i, length).flatMap { mergeable[Int($0)] ? $0 : nil } ?? Self.none
            }
            if id == Self.none {
                guard charactersOfPieces.lookup(p + i, length) == nil else { return nil }
                symbols[m] = FlatMerge.Symbol(id: Self.unknownCharacter, start: Int32(i))
                m += 1
                i += length
                continue
            }
            symbols[m] = FlatMerge.Symbol(id: id, start: Int32(i))
            m += 1
            i += length
        }
        symbols[m] = FlatMerge.Symbol(id: 0, start: Int32(n))
        return FlatMerge.run(symbols, count: m, pairs: pairs)
    }
}
