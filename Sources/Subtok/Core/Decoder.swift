/// Turns token strings back into text (byte-level bytes, `##` joining, `▁` to spaces, ...).
public protocol Decoder: Sendable {
    /// Decodes `tokens` into pieces whose concatenation is the text (Hugging Face's `decode_chain`).
    func decodeChain(_ tokens: [String]) -> [String]
    /// The component as it appears in `tokenizer.json`.
    var json: JSON { get }
    /// True when each token decodes to bytes on its own, before any UTF-8 repair (byte-level):
    /// `appendBytes(of:to:)` then gives them.
    var decodesTokensToBytes: Bool { get }
    /// Appends the bytes `token` stands for (its UTF-8 unless `decodesTokensToBytes`).
    func appendBytes(of token: String, to bytes: inout [UInt8])
}

extension Decoder {
    /// Default: decoding needs the whole token list.
    public var decodesTokensToBytes: Bool { false }
    /// Default: the token's UTF-8.
    public func appendBytes(of token: String, to bytes: inout [UInt8]) { bytes.append(contentsOf: token.utf8) }

    /// The decoded text: the concatenation of `decodeChain(tokens)`.
    public func decode(_ tokens: [String]) -> String { decodeChain(tokens).joined() }
}
