/// Splits on white space, which is dropped (`"type": "WhitespaceSplit"`). O(n).
public struct WhitespaceSplit: PreTokenizer {
    /// Creates the pre-tokenizer.
    public init() {}

    /// Splits the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let classes = CharacterClasses.shared
        text.split(by: .removed) { BertPreTokenizer.isWhiteSpace($0, classes) }
    }

    /// `{"type": "WhitespaceSplit"}`.
    public var json: JSON { .object([("type", .string("WhitespaceSplit"))]) }
}

extension WhitespaceSplit {
    /// Reads `{"type": "WhitespaceSplit"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
