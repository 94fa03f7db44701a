/// Turns token strings back into text (byte-level bytes, `##` joining, `▁` to spaces, ...).
public protocol Decoder: Sendable {
    /// Decodes `tokens` into pieces whose concatenation is the text (Hugging Face's `decode_chain`).
    func decodeChain(_ tokens: [String]) -> [String]
    /// The component as it appears in `tokenizer.json`.
    var json: JSON { get }
}

extension Decoder {
    /// The decoded text: the concatenation of `decodeChain(tokens)`.
    public func decode(_ tokens: [String]) -> String { decodeChain(tokens).joined() }
}
