/// Splits numbers (Unicode N* characters) from the rest: each digit alone with
/// `individualDigits`, else runs of digits together (`"type": "Digits"`). O(n).
public struct Digits: PreTokenizer {
    /// One piece per digit instead of per run.
    public var individualDigits: Bool

    /// Creates the pre-tokenizer.
    public init(individualDigits: Bool = false) { self.individualDigits = individualDigits }

    /// Splits the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let classes = CharacterClasses.shared
        text.split(by: individualDigits ? .isolated : .contiguous) { c in
            if c < 0x80 { return c >= 0x30 && c <= 0x39 }
            return CharacterClasses.isNumber(category: classes.category(c))
        }
    }

    /// `{"type": "Digits", "individual_digits": ...}`.
    public var json: JSON { .object([("type", .string("Digits")), ("individual_digits", .bool(individualDigits))]) }
}

extension Digits {
    /// Reads `{"type": "Digits", "individual_digits"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(individualDigits: try f.bool("individual_digits", default: false))
    }
}
