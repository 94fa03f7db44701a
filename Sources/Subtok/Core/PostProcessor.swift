/// Fourth stage: adds special tokens (`[CLS]`, `<s>`, ...) around one or two encodings, sets type
/// ids, and may adjust offsets.
public protocol PostProcessor: Sendable {
    /// How many special tokens `process` adds for one text (`isPair` false) or a pair.
    func addedTokens(isPair: Bool) -> Int
    /// Combines `encoding` and the optional `pair` into the final encoding.
    func process(_ encoding: consuming Encoding, pair: consuming Encoding?, addSpecialTokens: Bool) -> Encoding
    /// The component as it appears in `tokenizer.json`.
    var json: JSON { get }
    /// True when `process` reads the encodings' original text (offset trimming).
    var needsOriginalText: Bool { get }
    /// When all `process` does to one text is to add special tokens around it, set its tokens'
    /// type id and trim their offsets: the trimmings, in order (each one's `addPrefixSpace`),
    /// which lets a full encoding be written in its final shape in one pass. nil when it may do
    /// more.
    var singleTextTrims: [Bool]? { get }
    /// The byte-level offset trimmings `process` applies before anything else, in order (what a
    /// post-processor that replaces this one's special tokens must keep).
    var offsetTrimmers: [ByteLevelProcessing] { get }
}

extension PostProcessor {
    /// Default: the original text is not needed.
    public var needsOriginalText: Bool { false }
    /// Default: nil, `process` may do anything.
    public var singleTextTrims: [Bool]? { nil }
    /// Default: none.
    public var offsetTrimmers: [ByteLevelProcessing] { [] }
}
