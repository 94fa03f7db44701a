/// Replaces every match of a string or a regex in each token (`"type": "Replace"` as a
/// decoder). O(token length · pattern length) at worst for strings; regexes run on ICU.
public struct ReplaceDecoder: Decoder {
    /// The text (or regular expression) to find.
    public let pattern: String
    /// What to put instead.
    public let content: String
    private let regex: RegexPattern?

    /// Replaces the string `pattern`; throws for an empty one.
    public init(pattern: String, content: String) throws(SubtokError) {
        guard !pattern.isEmpty else { throw SubtokError(.format, "decoder Replace: the pattern must not be empty") }
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

    /// One piece per token.
    public func decodeChain(_ tokens: [String]) -> [String] {
        guard let regex else { return tokens.map { ByteStrings.replaceAll(pattern, with: content, in: $0) } }
        let replacement = Array(content.utf8)
        return tokens.map { token in
            let bytes = Array(token.utf8)
            let matches = bytes.withUnsafeBufferPointer { b in b.baseAddress.map { regex.matches($0, 0, b.count) } ?? []
            }
            guard !matches.isEmpty else { return token }
            var out: [UInt8] = []
            var copied = 0
            for (s, e) in matches {
                out.append(contentsOf: bytes[copied..<s])
                out.append(contentsOf: replacement)
                copied = e
            }
            out.append(contentsOf: bytes[copied...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `{"type": "Replace", "pattern": {"String" | "Regex": ...}, "content": ...}`.
    public var json: JSON {
        .object([
            ("type", .string("Replace")), ("pattern", .object([(regex == nil ? "String" : "Regex", .string(pattern))])),
            ("content", .string(content)),
        ])
    }
}

extension ReplaceDecoder {
    /// Reads `{"type": "Replace", "pattern": {"Regex" | "String": ...}, "content": text}` (a
    /// decoder). O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        let (pattern, isRegex, content) = try f.replaceFields()
        if isRegex {
            try self.init(regex: pattern, content: content)
        } else {
            try self.init(pattern: pattern, content: content)
        }
    }
}
