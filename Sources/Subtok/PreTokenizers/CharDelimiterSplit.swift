/// Splits on one character, which is removed (`"type": "CharDelimiterSplit"`). O(n).
public struct CharDelimiterSplit: PreTokenizer {
    /// The character to split on.
    public var delimiter: Unicode.Scalar

    /// Creates the pre-tokenizer.
    public init(delimiter: Unicode.Scalar) { self.delimiter = delimiter }

    /// Splits the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let d = delimiter.value
        text.split(by: .removed) { $0 == d }
    }

    /// `{"type": "CharDelimiterSplit", "delimiter": ...}`.
    public var json: JSON {
        .object([("type", .string("CharDelimiterSplit")), ("delimiter", .string(String(Character(delimiter))))])
    }
}

extension CharDelimiterSplit {
    /// Reads `{"type": "CharDelimiterSplit", "delimiter": one character}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        let delimiter = try f.string("delimiter").unicodeScalars
        guard delimiter.count == 1, let scalar = delimiter.first else {
            throw SubtokError(.format, "\(f.path).delimiter must be one character")
        }
        self.init(delimiter: scalar)
    }
}
