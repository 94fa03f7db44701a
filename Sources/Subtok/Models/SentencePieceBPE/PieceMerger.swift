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
    private static let none = UInt32.max

    /// The longest word, in bytes, merged here; longer ones go through the heap.
    static let maximumWordBytes = 64

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
                    if let left = vocabulary.id(b.baseAddress!, cut), let right = vocabulary.id(b.baseAddress! + cut, b.count - cut) {
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
            if let id = [UInt8(b)].withUnsafeBufferPointer({ vocabulary.id($0.baseAddress!, 1) }), SentencePieceBPE.isMergeable(types[Int(id)]) {
                asciiIDs[b] = id
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
        self.mergeable = types.map(SentencePieceBPE.isMergeable)
    }

    /// Merges the word `p[0 ..< n]` (at most `maximumWordBytes`) into `symbols`, which has room
    /// for n + 1, and returns how many symbols remain (`symbols[count].start` is n); nil when a
    /// character is not a piece or a user-defined piece may start in the word, which the
    /// text-based merge handles (as it does characters that are control or byte pieces).
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
            if id == Self.none { return nil }
            symbols[m] = FlatMerge.Symbol(id: id, start: Int32(i))
            m += 1
            i += length
        }
        symbols[m] = FlatMerge.Symbol(id: 0, start: Int32(n))
        return FlatMerge.run(symbols, count: m, pairs: pairs)
    }
}
