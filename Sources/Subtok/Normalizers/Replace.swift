/// Replaces every match of a string or a regex with another string (`"type": "Replace"`); the
/// new text is aligned to the last character it replaces, as in `tokenizers`.
/// O(n · pattern length) at worst for strings; regexes run on ICU (`RegexPattern`).
public struct Replace: Normalizer {
    /// The text to find (for a string pattern).
    public var pattern: String
    /// What to put instead.
    public var content: String
    private let regex: RegexPattern?

    /// Replaces the string `pattern`; throws for an empty pattern.
    public init(pattern: String, content: String) throws(SubtokError) {
        guard !pattern.isEmpty else { throw SubtokError(.format, "Replace: the pattern must not be empty") }
        self.pattern = pattern
        self.content = content
        self.regex = nil
    }

    /// Replaces the matches of the regular expression `regex`; throws when it does not compile.
    public init(regex: String, content: String) throws(SubtokError) {
        self.pattern = regex
        self.content = content
        self.regex = try RegexPattern(regex)
    }

    /// Replaces in `text`.
    public func normalize(_ text: inout NormalizedString) {
        let bytes = text.bytes
        let matches = bytes.withNonNullBytes { p, n in regex?.matches(p, 0, n) ?? literalMatches(p, n) }
        guard !matches.isEmpty else { return }
        let replacement = Array(content.utf8)
        text.rebuild { b in
            var copied = 0
            for (start, end) in matches {
                b.keep(copied, start)
                var last = end - 1
                while last > start, UTF8Bytes.isContinuation(bytes[last]) { last -= 1 }
                b.insert(replacement, alignedTo: last)
                copied = end
            }
            b.keep(copied, bytes.count)
        }
    }

    /// The replaced bytes without an alignment (the ids-only path). O(n) plus the matching.
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let p = text.baseAddress else { return [] }
        let matches = regex?.matches(p, 0, text.count) ?? literalMatches(p, text.count)
        guard !matches.isEmpty else { return Array(text) }
        let replacement = Array(content.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var copied = 0
        for (start, end) in matches {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<start]))
            out.append(contentsOf: replacement)
            copied = end
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied...]))
        return out
    }

    private func literalMatches(_ p: UnsafePointer<UInt8>, _ n: Int) -> [(Int, Int)] {
        let target = Array(pattern.utf8)
        var matches: [(Int, Int)] = []
        var i = 0
        while i + target.count <= n {
            if p[i] == target[0] && target.withUnsafeBufferPointer({ bytesEqual(p + i, $0.baseAddress!, $0.count) }) {
                matches.append((i, i + target.count))
                i += target.count
            } else {
                i += 1
            }
        }
        return matches
    }

    /// `{"type": "Replace", "pattern": {"String" | "Regex": ...}, "content": ...}`.
    public var json: JSON {
        .object([
            ("type", .string("Replace")), ("pattern", .object([(regex == nil ? "String" : "Regex", .string(pattern))])),
            ("content", .string(content)),
        ])
    }
}
