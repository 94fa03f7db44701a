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

    /// For ASCII text behind no normalizer or a `BertNormalizer`: the words lowercased as the
    /// normalizer would, control bytes dropped where it cleans text, white space dropped, each
    /// punctuation byte a piece of its own. nil for other normalizers and for text with a byte at
    /// or above 0x80. One pass, O(n).
    public func rewrittenPieces(_ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?) -> (bytes: [UInt8], ends: [Int])? {
        var lowercase = false, clean = false
        if let normalizer {
            guard let bert = normalizer as? BertNormalizer else { return nil }
            lowercase = bert.lowercase
            clean = bert.cleanText
        }
        guard let p = text.baseAddress else { return ([], []) }
        guard ByteLanes.asciiRunEnd(p, 0, text.count) == text.count else { return nil }
        var ends: [Int] = []
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count) { out, written in
            ends = [Int](unsafeUninitializedCapacity: text.count) { endsOut, endCount in
                var n = 0, e = 0, last = 0
                Self.asciiClass.withUnsafeBufferPointer { classes in
                    for i in 0..<text.count {
                        let b = p[i]
                        switch classes[Int(b)] {
                        case .letter:
                            out[n] = lowercase && b &- 0x41 < 26 ? b | 0x20 : b
                            n += 1
                        case .space:
                            if n > last { endsOut[e] = n; e += 1; last = n }
                        case .punctuation:
                            if n > last { endsOut[e] = n; e += 1 }
                            out[n] = b
                            n += 1
                            endsOut[e] = n
                            e += 1
                            last = n
                        case .control:
                            if !clean { out[n] = b; n += 1 }
                        case .controlSpace:
                            if !clean, n > last { endsOut[e] = n; e += 1; last = n }
                        }
                    }
                }
                if n > last { endsOut[e] = n; e += 1 }
                written = n
                endCount = e
            }
        }
        return (bytes, ends)
    }

    /// What BERT's normalizer and pre-tokenizer make of an ASCII byte: part of a word, white
    /// space, a punctuation piece, a control byte (removed by `cleanText`, else part of a word),
    /// or a control byte that is also white space (0x0B, 0x0C: removed by `cleanText`, else a split).
    private enum ASCIIClass { case letter, space, punctuation, control, controlSpace }

    private static let asciiClass: [ASCIIClass] = (0..<128).map { b in
        let c = UInt32(b)
        if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
            return c == 0x0B || c == 0x0C ? .controlSpace : .space
        }
        if c < 0x20 || c == 0x7F { return .control }
        return isPunctuation(c, CharacterClasses.shared) ? .punctuation : .letter
    }

    @inline(__always)
    static func isWhiteSpace(_ c: UInt32, _ classes: CharacterClasses) -> Bool {
        if c < 0x80 { return c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        return classes.isWhiteSpace(c)
    }

    /// ASCII punctuation (`!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`) or a Unicode punctuation category.
    @inline(__always)
    static func isPunctuation(_ c: UInt32, _ classes: CharacterClasses) -> Bool {
        if c < 0x80 {
            return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E)
        }
        let g = classes.category(c)
        return (g >= 19 && g <= 23) || g == 28 || g == 29
    }

    /// `{"type": "BertPreTokenizer"}`.
    public var json: JSON { .object([("type", .string("BertPreTokenizer"))]) }
}
