/// Replaces every occurrence of a string with another (`"type": "Replace"` with a `String`
/// pattern); the new text is aligned to the last character it replaces, as in `tokenizers`.
/// O(n · pattern length) at worst.
public struct Replace: Normalizer {
    /// The text to find.
    public var pattern: String
    /// What to put instead.
    public var content: String

    /// Creates the normalizer; throws for an empty pattern.
    public init(pattern: String, content: String) throws(SubtokError) {
        guard !pattern.isEmpty else { throw SubtokError(.format, "Replace: the pattern must not be empty") }
        self.pattern = pattern
        self.content = content
    }

    /// Replaces in `text`.
    public func normalize(_ text: inout NormalizedString) {
        let target = Array(pattern.utf8)
        let bytes = text.bytes
        var matches: [Int] = []
        var i = 0
        while i + target.count <= bytes.count {
            if bytes[i] == target[0] && bytes[i..<(i + target.count)].elementsEqual(target) {
                matches.append(i)
                i += target.count
            } else {
                i += 1
            }
        }
        guard !matches.isEmpty else { return }
        let replacement = Array(content.utf8)
        text.rebuild { b in
            var copied = 0
            for m in matches {
                b.keep(copied, m)
                var last = m + target.count - 1
                while last > m, UTF8Bytes.isContinuation(bytes[last]) { last -= 1 }
                b.insert(replacement, alignedTo: last)
                copied = m + target.count
            }
            b.keep(copied, bytes.count)
        }
    }

    /// `{"type": "Replace", "pattern": {"String": ...}, "content": ...}`.
    public var json: JSON {
        .object([("type", .string("Replace")), ("pattern", .object([("String", .string(pattern))])), ("content", .string(content))])
    }
}
