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
}

extension PreTokenizer {
    /// Default: not byte-level.
    public var isByteLevel: Bool { false }
}
