/// Splits at punctuation (ASCII punctuation and Unicode P* categories), with a configurable
/// behavior, `Isolated` by default (`"type": "Punctuation"`). O(n).
public struct Punctuation: PreTokenizer {
    /// What happens to the punctuation characters.
    public var behavior: SplitDelimiterBehavior

    /// Creates the pre-tokenizer.
    public init(behavior: SplitDelimiterBehavior = .isolated) { self.behavior = behavior }

    /// Splits the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let classes = CharacterClasses.shared
        text.split(by: behavior) { BertPreTokenizer.isPunctuation($0, classes) }
    }

    /// `{"type": "Punctuation", "behavior": ...}`.
    public var json: JSON { .object([("type", .string("Punctuation")), ("behavior", .string(behavior.rawValue))]) }
}

extension Punctuation {
    /// Reads `{"type": "Punctuation", "behavior"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(behavior: try SplitDelimiterBehavior.read(f, default: .isolated))
    }
}
