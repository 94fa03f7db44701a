/// Second stage: cuts the normalized text into the pieces ("words") that the model tokenizes
/// independently; a piece never produces a token that crosses into another.
public protocol PreTokenizer: Sendable {
    /// Refines the open splits of `text`.
    func preTokenize(_ text: inout PreTokenizedString)
    /// The component as it appears in `tokenizer.json`.
    var json: JSON { get }
    /// True when this pre-tokenizer (or one inside it) is the byte-level one, whose presence
    /// makes a BPE model work on raw bytes.
    var isByteLevel: Bool { get }
    /// The same splitting as a `PieceSplitter` when it never rewrites the text, else nil.
    var pieceSplitter: (any PieceSplitter)? { get }
    /// True when applying it changes nothing (ByteLevel without regex or prefix space).
    var changesNothing: Bool { get }
    /// The bytes of a whole text after `normalizer` (nil: none) and this pre-tokenizer, and the
    /// end of each of its pieces, without alignments (the ids-only fast path), or nil when the
    /// pre-tokenizer has no such path for that normalizer or that text. Pieces follow one another
    /// in the bytes: what the pre-tokenizer removes (BERT's white space) is not there.
    func rewrittenPieces(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?
    ) -> (bytes: [UInt8], ends: [Int])?
    /// True when `rewrittenPart` rewrites the parts of a text cut at added tokens.
    var rewritesParts: Bool { get }
    /// `rewrittenPieces` of a part of a text cut at added tokens, the part starting at byte
    /// `offset` of the text (Metaspace prepends its replacement to the first part only when its
    /// scheme is `first`), as the general path normalizes and pre-tokenizes each part; nil when
    /// the pre-tokenizer has no such path.
    func rewrittenPart(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?, at offset: Int
    ) -> (bytes: [UInt8], ends: [Int])?
    /// Maps `offsets`, ranges of tokens in the bytes of `rewrittenPieces(text, after: nil)`, to
    /// byte ranges of whole characters of `text`, as the alignment `preTokenize` keeps would map
    /// them (the full-encoding fast path for a text the normalizer leaves as it is); false,
    /// with `offsets` untouched, when the pre-tokenizer has no such mapping. O(n + offsets).
    func mapRewrittenOffsets(
        _ offsets: UnsafeMutableBufferPointer<TokenOffset>, of text: UnsafeBufferPointer<UInt8>
    ) -> Bool
}

extension PreTokenizer {
    /// Default: not byte-level.
    public var isByteLevel: Bool { false }

    /// The bytes and piece ends of `text` (the whole text, or with `offset` the part of it that
    /// starts there) after `normalizer` and this pre-tokenizer, without alignments: this
    /// pre-tokenizer's own pass behind the normalizer (BERT's), else the normalizer's bytes
    /// (`normalizedBytes`) through it; nil when neither exists. For the ids path and for
    /// training's word counts, which need no offsets: O(n), a few bytes per input byte.
    func rewrittenPieces(
        _ text: UnsafeBufferPointer<UInt8>, normalizedBy normalizer: (any Normalizer)?, at offset: Int? = nil
    ) -> (bytes: [UInt8], ends: [Int])? {
        func rewrite(
            _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?
        ) -> (bytes: [UInt8], ends: [Int])? {
            guard let offset else { return rewrittenPieces(text, after: normalizer) }
            return rewrittenPart(text, after: normalizer, at: offset)
        }
        if let pieces = rewrite(text, after: normalizer) { return pieces }
        guard let normalizer, let normalized = normalizer.normalizedBytes(text) else { return nil }
        return normalized.withUnsafeBufferPointer { rewrite($0, after: nil) }
    }
}

/// A pre-tokenizer that only cuts text into pieces, without rewriting it: the encoder then
/// feeds its pieces straight to the model.
public protocol PieceSplitter: Sendable {
    /// Appends the end offset of every piece of `p[start ..< end]` to `ends`.
    func splitPieces(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: inout [Int])
    /// Writes the end offsets of the first pieces of `p[start ..< end]` to `ends`, at most
    /// `capacity` (at least 1) of them, and returns how many: at least one unless the text is
    /// empty. A piece depends on nothing before its start, so called again from the last end
    /// written, splitting goes on exactly as one pass over the whole text would.
    func splitPieces(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int
    ) -> Int
    /// What splits, for `subtok info` ("GPT-2 scanner").
    var scannerName: String { get }
}

extension PieceSplitter {
    /// Appends the end offset of every piece of `p[start ..< end]` to `ends`, from the chunked
    /// form 256 pieces at a time. O(n) plus the scan.
    public func splitPieces(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: inout [Int]) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { buffer in
            var s = start
            while s < end {
                let count = splitPieces(p, s, end, into: buffer.baseAddress!, capacity: 256)
                guard count > 0 else { return }
                ends.append(contentsOf: buffer[..<count])
                s = buffer[count - 1]
            }
        }
    }
}

extension PreTokenizer {
    /// Default: none; the pre-tokenizer works on a `PreTokenizedString`.
    public var pieceSplitter: (any PieceSplitter)? { nil }
    /// Default: false.
    public var changesNothing: Bool { false }
    /// Default: false.
    public var rewritesParts: Bool { false }
    /// Default: nil.
    public func rewrittenPart(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?, at offset: Int
    ) -> (bytes: [UInt8], ends: [Int])? { nil }
    /// Default: false; full encodings take `preTokenize`'s alignment.
    public func mapRewrittenOffsets(
        _ offsets: UnsafeMutableBufferPointer<TokenOffset>, of text: UnsafeBufferPointer<UInt8>
    ) -> Bool { false }
    /// Default: nil; pieces come only from `preTokenize`.
    public func rewrittenPieces(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?
    ) -> (bytes: [UInt8], ends: [Int])? { nil }
}
