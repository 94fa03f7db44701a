/// Splits into runs of word characters and runs of other non-space characters, dropping white
/// space: the pattern `\w+|[^\w\s]+` (`"type": "Whitespace"`). O(n).
public struct Whitespace: PreTokenizer {
    /// Creates the pre-tokenizer.
    public init() {}

    /// Splits the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let classes = CharacterClasses.shared
        text.refine { p, start, end, out in
            var runStart = start
            var runIsWord: Bool? = nil
            var i = start
            while i < end {
                let (c, n) = UTF8Bytes.decode(p.baseAddress!, i, end)
                let kind: Bool? = BertPreTokenizer.isWhiteSpace(c, classes) ? nil : classes.isWordCharacter(c)
                if kind != runIsWord {
                    if runIsWord != nil { out.append(.init(start: runStart, end: i)) }
                    runStart = i
                    runIsWord = kind
                }
                i += n
            }
            if runIsWord != nil { out.append(.init(start: runStart, end: end)) }
        }
    }

    /// `{"type": "Whitespace"}`.
    public var json: JSON { .object([("type", .string("Whitespace"))]) }
}

extension Whitespace {
    /// Reads `{"type": "Whitespace"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
