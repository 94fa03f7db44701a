/// First stage of the pipeline: rewrites the text (NFC, lowercase, ...) keeping the alignment
/// of every byte to the original input.
public protocol Normalizer: Sendable {
    /// Normalizes `text` in place.
    func normalize(_ text: inout NormalizedString)
    /// Normalizes `text`, one part of a text cut at added tokens, which starts the text when
    /// `atTextStart`: a normalizer that marks a text's start (SentencePiece's dummy prefix, read
    /// as `transformers` reads it) marks only that part. Default: `normalize(_:)`.
    func normalize(_ text: inout NormalizedString, atTextStart: Bool)
    /// The component as it appears in `tokenizer.json`.
    var json: JSON { get }
    /// The normalized bytes of `text` without an alignment (a fast path for ids-only encoding),
    /// or nil when the normalizer has none.
    func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]?
    /// Calls `body` with `normalizedBytes(text)` and returns true, or returns false (`body` not
    /// called) when the normalizer has none. A normalizer that writes its bytes into memory of
    /// its own hands that memory over without first copying it into an array.
    func withNormalizedBytes(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool
    /// The normalized bytes of `text` when `mapNormalizedOffsets` can map the offsets of its
    /// tokens back to `text` without an alignment (the full-encoding fast path); nil for any
    /// other text.
    func normalizedBytesMappingOffsets(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]?
    /// Maps `offsets`, ranges of tokens in order in the bytes `normalizedBytesMappingOffsets`
    /// gave for `text`, to byte ranges of whole characters of `text`, as `normalize`'s alignment
    /// would map them. Called only for a text that call accepted. O(n + offsets).
    func mapNormalizedOffsets(_ offsets: UnsafeMutableBufferPointer<TokenOffset>, of text: UnsafeBufferPointer<UInt8>)
    /// True only when normalizing `text`, or any part of it, leaves it exactly as it is (a
    /// quick check that may answer false for such a text, never true for another one).
    func leavesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool
    /// This normalizer marking only the part of a text that starts it (the dummy prefix of a
    /// SentencePiece model, as `transformers` reads it when not `legacy`), or nil when it marks
    /// nothing.
    var markingTextStartOnly: (any Normalizer)? { get }
    /// The `tokenizer.json` document of `tokenizer`, whose normalizer this is, when this
    /// normalizer is written by converting the whole pipeline (a SentencePiece model's, as the
    /// Hugging Face converters do), else nil: the pipeline is written component by component.
    func convertedDocument(of tokenizer: Tokenizer) throws(SubtokError) -> JSON?
}

extension Normalizer {
    /// The normalized bytes of `text` without an alignment, when the normalizer has such a fast
    /// path (for ids-only encoding); nil otherwise.
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? { nil }

    /// `normalizedBytes(text)`, if any, handed to `body` (O(n) on top of it).
    public func withNormalizedBytes(
        _ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        guard let bytes = normalizedBytes(text) else { return false }
        bytes.withUnsafeBufferPointer(body)
        return true
    }

    /// `normalize(_:)`: the part is normalized as a whole text would be.
    public func normalize(_ text: inout NormalizedString, atTextStart: Bool) { normalize(&text) }

    /// Nil: full encodings take `normalize`'s alignment.
    public func normalizedBytesMappingOffsets(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? { nil }

    /// Nothing: no text is accepted by the default `normalizedBytesMappingOffsets`.
    public func mapNormalizedOffsets(
        _ offsets: UnsafeMutableBufferPointer<TokenOffset>, of text: UnsafeBufferPointer<UInt8>
    ) {}

    /// False: the normalizer has no quick check, so any text may change.
    public func leavesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool { false }

    /// Nil: nothing marks a text's start.
    public var markingTextStartOnly: (any Normalizer)? { nil }

    /// Nil: written component by component.
    public func convertedDocument(of tokenizer: Tokenizer) throws(SubtokError) -> JSON? { nil }
}
