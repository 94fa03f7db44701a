/// BERT's pre-tokenizer (`"type": "BertPreTokenizer"`): splits on white space (removed) and
/// isolates every punctuation character (ASCII punctuation and Unicode categories P*). O(n).
public struct BertPreTokenizer: PreTokenizer {
    /// Creates the pre-tokenizer.
    public init() {}

    /// Splits the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let classes = CharacterClasses.shared
        text.refine { p, start, end, out in
            var wordStart = -1
            var i = start
            while i < end {
                let (c, n) = UTF8Bytes.decode(p.baseAddress!, i, end)
                if Self.isWhiteSpace(c, classes) {
                    if wordStart >= 0 { out.append(.init(start: wordStart, end: i)); wordStart = -1 }
                } else if Self.isPunctuation(c, classes) {
                    if wordStart >= 0 { out.append(.init(start: wordStart, end: i)); wordStart = -1 }
                    out.append(.init(start: i, end: i + n))
                } else if wordStart < 0 {
                    wordStart = i
                }
                i += n
            }
            if wordStart >= 0 { out.append(.init(start: wordStart, end: end)) }
        }
    }

    @inline(__always)
    static func isWhiteSpace(_ c: UInt32, _ classes: CharacterClasses) -> Bool {
        if c < 0x80 { return c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        let v = classes.classByte(c)
        if v & CharacterClasses.caseAndDecompositionStableBit == 0, let entry = BertCharacterTable.entry(c) {
            return entry.whiteSpace
        }
        return v & CharacterClasses.whiteSpaceBit != 0
    }

    /// ASCII punctuation (`!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`) or a Unicode punctuation category
    /// (as `tokenizers` reads them: `BertCharacterTable`).
    @inline(__always)
    static func isPunctuation(_ c: UInt32, _ classes: CharacterClasses) -> Bool {
        if c < 0x80 {
            return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60)
                || (c >= 0x7B && c <= 0x7E)
        }
        let v = classes.classByte(c)
        if v & CharacterClasses.caseAndDecompositionStableBit == 0, let entry = BertCharacterTable.entry(c) {
            return entry.punctuation
        }
        let g = v & 0x1F
        return (g >= 19 && g <= 23) || g == 28 || g == 29
    }

    /// `{"type": "BertPreTokenizer"}`.
    public var json: JSON { .object([("type", .string("BertPreTokenizer"))]) }
}

extension BertPreTokenizer {
    /// Reads `{"type": "BertPreTokenizer"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init()
    }
}
