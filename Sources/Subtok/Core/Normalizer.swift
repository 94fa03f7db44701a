/// First stage of the pipeline: rewrites the text (NFC, lowercase, ...) keeping the alignment
/// of every byte to the original input.
public protocol Normalizer: Sendable {
    /// Normalizes `text` in place.
    func normalize(_ text: inout NormalizedString)
    /// The component as it appears in `tokenizer.json`.
    var json: JSON { get }
}
