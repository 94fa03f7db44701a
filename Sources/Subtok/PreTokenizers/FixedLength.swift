/// Cuts text into pieces of `length` characters, the last one shorter (`"type": "FixedLength"`).
/// O(n).
public struct FixedLength: PreTokenizer {
    /// Characters per piece (`tokenizers`' default 5; 0 leaves splits whole).
    public var length: Int

    /// Creates the pre-tokenizer.
    public init(length: Int = 5) { self.length = length }

    /// Cuts the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        guard length > 0 else { return }
        let length = self.length
        text.refine { p, start, end, out in
            var pieceStart = start, characters = 0, i = start
            while i < end {
                i += min(UTF8Bytes.sequenceLength(lead: p[i]), end - i)
                characters += 1
                if characters == length {
                    out.append(.init(start: pieceStart, end: i))
                    pieceStart = i
                    characters = 0
                }
            }
            if i > pieceStart { out.append(.init(start: pieceStart, end: i)) }
        }
    }

    /// `{"type": "FixedLength", "length": ...}`.
    public var json: JSON { .object([("type", .string("FixedLength")), ("length", .number(Double(length)))]) }
}

extension FixedLength {
    /// Reads `{"type": "FixedLength", "length"}` (5 when absent). O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        let length = try f.optional("length").map { v throws(SubtokError) in
            try JSONFields.uint32(v, at: "\(f.path).length")
        }
        self.init(length: Int(length ?? 5))
    }
}
