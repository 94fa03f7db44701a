/// The result of encoding one text (or a pair): token ids with, per token, its type id, its byte
/// offsets into the original input, whether it is a special token, and its attention mask.
/// All arrays have the same length. Token strings are looked up on demand (`tokens`), so the
/// hot encode path never allocates a `String` per token.
public struct Encoding: Sendable {
    /// Token ids.
    public var ids: [UInt32]
    /// Sequence type of each token (0 for the first text, 1 for the pair in BERT-style templates).
    public var typeIDs: [UInt32]
    /// Byte range of each token in the original UTF-8 input ((0, 0) for inserted special tokens).
    public var offsets: [TokenOffset]
    /// 1 for special tokens added by the post-processor, else 0.
    public var specialTokensMask: [UInt32]
    /// 1 for real tokens, 0 for padding.
    public var attentionMask: [UInt32]
    /// Which input sequence each token came from (0 or 1), nil for added special tokens.
    public var sequenceIDs: [Int8]
    let vocabulary: (any TokenLookup)?
    /// Token strings that differ from the vocabulary's spelling of their id, by token index: an
    /// added token matched with `lstrip`/`rstrip` is reported with the white space it swallowed.
    var tokenOverrides: [Int: String] = [:]
    /// The input bytes, kept only for post-processors that trim offsets by characters.
    var originalText: [UInt8] = []
    /// The parts cut off by truncation, each shaped like this encoding (special tokens, padding).
    public var overflowing: [Encoding] = []
    /// For an encoding of pre-split words (`Tokenizer.encode(words:)`): each token's word, -1
    /// for tokens of no word (special tokens, padding); nil for an encoding of whole texts, whose
    /// words `Tokenizer.wordIDs(of:text:)` finds.
    public internal(set) var wordIDs: [Int32]?

    /// An encoding of `ids` with the given offsets; masks at their defaults and every type id
    /// the sequence's index (as `tokenizers` gives a pair's tokens type id 1 before any
    /// post-processor).
    public init(ids: [UInt32], offsets: [TokenOffset], vocabulary: (any TokenLookup)?, sequence: Int8 = 0) {
        self.ids = ids
        self.offsets = offsets
        // One buffer of zeros for both until one is written (copy on write).
        let zeros = Self.filled(0 as UInt32, ids.count)
        self.typeIDs = sequence > 0 ? Self.filled(UInt32(sequence), ids.count) : zeros
        self.specialTokensMask = zeros
        self.attentionMask = Self.filled(1 as UInt32, ids.count)
        self.sequenceIDs = Self.filled(sequence, ids.count)
        self.vocabulary = vocabulary
    }

    /// An encoding of the given fields (all of one length).
    init(
        ids: [UInt32], typeIDs: [UInt32], offsets: [TokenOffset], specialTokensMask: [UInt32], attentionMask: [UInt32],
        sequenceIDs: [Int8], vocabulary: (any TokenLookup)?
    ) {
        self.ids = ids
        self.typeIDs = typeIDs
        self.offsets = offsets
        self.specialTokensMask = specialTokensMask
        self.attentionMask = attentionMask
        self.sequenceIDs = sequenceIDs
        self.vocabulary = vocabulary
    }

    /// `count` copies of `value`. Reserved and appended, not `Array(repeating:count:)`: on Linux
    /// that asks the Swift runtime for the array's type under a lock on every call (7% of a
    /// per-line GPT-2 `encode`).
    @inline(__always)
    private static func filled<T>(_ value: T, _ count: Int) -> [T] {
        var array: [T] = []
        array.reserveCapacity(count)
        for _ in 0..<count { array.append(value) }
        return array
    }

    /// The number of tokens.
    public var count: Int { ids.count }

    /// The token string of every id (as the vocabulary spells it, e.g. `Ġworld`). O(n) strings.
    public var tokens: [String] {
        ids.indices.map(token(at:))
    }

    /// The token string of token `i`.
    public func token(at i: Int) -> String {
        if !tokenOverrides.isEmpty, let text = tokenOverrides[i] { return text }
        return vocabulary?.token(for: ids[i]) ?? ""
    }

    /// Appends the tokens of `other` (used to join a pair without a post-processor).
    public mutating func append(_ other: Encoding) {
        for (k, text) in other.tokenOverrides { tokenOverrides[ids.count + k] = text }
        ids += other.ids
        typeIDs += other.typeIDs
        offsets += other.offsets
        specialTokensMask += other.specialTokensMask
        attentionMask += other.attentionMask
        sequenceIDs += other.sequenceIDs
    }

    /// Appends one special token with offsets (0, 0).
    public mutating func appendSpecial(_ id: UInt32, typeID: UInt32) {
        ids.append(id)
        typeIDs.append(typeID)
        offsets.append(TokenOffset(start: 0, end: 0))
        specialTokensMask.append(1)
        attentionMask.append(1)
        sequenceIDs.append(-1)
    }

    /// An empty encoding sharing this one's vocabulary, with room for `capacity` tokens in each
    /// array (so a post-processor wrapping a text in special tokens allocates each array once).
    func emptyCopy(reservingCapacity capacity: Int = 0) -> Encoding {
        var out = Encoding(ids: [], offsets: [], vocabulary: vocabulary)
        if capacity > 0 {
            out.ids.reserveCapacity(capacity)
            out.typeIDs.reserveCapacity(capacity)
            out.offsets.reserveCapacity(capacity)
            out.specialTokensMask.reserveCapacity(capacity)
            out.attentionMask.reserveCapacity(capacity)
            out.sequenceIDs.reserveCapacity(capacity)
        }
        return out
    }
}

/// Anything that can name a token id (the tokenizer: added tokens first, then the model).
public protocol TokenLookup: Sendable {
    /// The token string of `id`, or nil when the id is unknown.
    func token(for id: UInt32) -> String?

    /// How many space characters (`Ġ` or white space) open and close the token string of `id`
    /// (both the whole length for a token of spaces alone; 0 for an unknown id): what
    /// byte-level offset trimming moves a token's offsets by.
    func spaceRuns(of id: UInt32) -> SpaceRuns
}

extension TokenLookup {
    /// `spaceRuns` from the token string. O(token length).
    public func spaceRuns(of id: UInt32) -> SpaceRuns { SpaceRuns(token(for: id) ?? "") }
}
