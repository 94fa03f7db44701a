/// Third stage: turns one pre-tokenized piece into token ids (BPE, WordPiece, Unigram).
public protocol Model: Sendable {
    /// The number of ids the model defines.
    var vocabularySize: Int { get }
    /// The id of a token string, or nil.
    func id(for token: String) -> UInt32?
    /// The token string of an id, or nil.
    func token(for id: UInt32) -> String?
    /// Appends the tokens of `text[start ..< end]` to `output`, with offsets in the same
    /// (normalized) coordinates as `start` and `end`.
    func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout ModelOutput)
    /// The model as it appears in `tokenizer.json`.
    var json: JSON { get }
    /// The `type` name of the model in `tokenizer.json` ("BPE", "WordPiece", "Unigram").
    var typeName: String { get }
    /// The unknown id whose token string is the text it covers rather than the vocabulary's
    /// spelling (`tokenizers`' Unigram), or nil.
    var unknownIDShowingText: UInt32? { get }
    /// True when `tokenize` draws from `ModelOutput.random` (BPE-dropout): the tokenizer then
    /// seeds that generator for each call.
    var isStochastic: Bool { get }
    /// True when the model draws its tokens under `ModelOutput.sampling` (subword
    /// regularization: Unigram sampling, SentencePiece BPE-dropout); others ignore it.
    var supportsSampling: Bool { get }
    /// Appends the tokens of consecutive pieces: the first is `text[start ..< ends[0]]`, each
    /// next one runs to the next end. The same as `tokenize` on each piece in turn; a model may
    /// do it faster knowing the pieces ahead (loading their cache slots early).
    func tokenizePieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>,
        into output: inout ModelOutput)
    /// Appends the tokens of the pieces `splitter` cuts `text[start ..< end]` into (the
    /// split-only `EncodePlan`). A requirement so that each model's witness is the default loop
    /// compiled for that model: `tokenizePieces` is called without dynamic dispatch.
    func tokenizeSplit(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, by splitter: any PieceSplitter,
        into output: inout ModelOutput)
    /// What the model caches pieces in, for `subtok info` ("piece cache"), or nil.
    var pieceCacheName: String? { get }
    /// The `count` best segmentations of the normalized `text` as one piece, best first, or nil
    /// when the model has no n-best search (only Unigram has one).
    func nBestIDs(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> [[UInt32]]?
}

extension Model {
    /// Default: unknown tokens are spelled as in the vocabulary.
    public var unknownIDShowingText: UInt32? { nil }
    /// Default: deterministic.
    public var isStochastic: Bool { false }
    /// Default: no subword regularization.
    public var supportsSampling: Bool { false }
    /// Default: none.
    public var pieceCacheName: String? { nil }
    /// Default: no n-best search.
    public func nBestIDs(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> [[UInt32]]? { nil }

    /// The splitter's pieces a stack buffer of 512 ends at a time through `tokenizePieces`:
    /// nothing allocated, however long the text. O(n) plus the model's cost per piece.
    @inline(__always)
    public func tokenizeSplit(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, by splitter: any PieceSplitter,
        into output: inout ModelOutput
    ) {
        guard let p = text.baseAddress else { return }
        let capacity = 512
        withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { buffer in
            let ends = buffer.baseAddress!
            var s = start
            while s < end {
                let count = splitter.splitPieces(p, s, end, into: ends, capacity: capacity)
                guard count > 0 else { break }
                tokenizePieces(text, s, UnsafeBufferPointer(start: ends, count: count), into: &output)
                s = ends[count - 1]
            }
        }
    }

    /// Default: `tokenize` on each piece.
    public func tokenizePieces(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ ends: UnsafeBufferPointer<Int>,
        into output: inout ModelOutput
    ) {
        var s = start
        for e in ends {
            tokenize(text, s, e, into: &output)
            s = e
        }
    }
}

/// Tokens produced by a model for one text: encoding a text appends the tokens of all its
/// pieces here, so its arrays are allocated once rather than per piece.
public struct ModelOutput: Sendable {
    /// Token ids in order.
    public var ids: [UInt32] = []
    /// Normalized byte range of each token.
    public var offsets: [TokenOffset] = []
    /// Whether `offsets` are recorded (off for ids-only encoding).
    public let withOffsets: Bool
    /// The random draws of a stochastic model, seeded per encode call.
    public var random: SplitMix64
    /// Subword regularization for models that support it (Unigram), if on.
    public var sampling: Sampling?

    /// An empty output with room for about `capacity` tokens.
    public init(
        capacity: Int = 0, withOffsets: Bool = true, random: SplitMix64 = SplitMix64(seed: 0), sampling: Sampling? = nil
    ) {
        self.withOffsets = withOffsets
        self.random = random
        self.sampling = sampling
        ids.reserveCapacity(capacity)
        if withOffsets { offsets.reserveCapacity(capacity) }
    }

    /// Drops the tokens after the first `count` (a model rolling back a word).
    public mutating func truncate(to count: Int) {
        ids.removeSubrange(count...)
        if withOffsets { offsets.removeSubrange(count...) }
    }

    /// Appends one token.
    @inline(__always)
    public mutating func append(_ id: UInt32, _ start: Int, _ end: Int) {
        ids.append(id)
        if withOffsets { offsets.append(TokenOffset(start: start, end: end)) }
    }
}
