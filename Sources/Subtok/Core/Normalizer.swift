/// First stage of the pipeline: rewrites the text (NFC, lowercase, ...) keeping the alignment
/// of every byte to the original input.
public protocol Normalizer: Sendable {
    /// Normalizes `text` in place.
    func normalize(_ text: inout NormalizedString)
    /// The component as it appears in `tokenizer.json`.
    var json: JSON { get }
    /// The normalized bytes of `text` without an alignment (a fast path for ids-only encoding),
    /// or nil when the normalizer has none.
    func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]?
}

extension Normalizer {
    /// The normalized bytes of `text` without an alignment, when the normalizer has such a fast
    /// path (for ids-only encoding); nil otherwise.
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? { nil }
}
