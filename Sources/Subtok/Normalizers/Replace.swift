/// Replaces every match of a string or a regex with another string (`"type": "Replace"`); the
/// new text is aligned to the last character it replaces, as in `tokenizers`.
/// O(n · pattern length) at worst for strings; regexes run on ICU (`RegexPattern`).
public struct Replace: Normalizer {
    /// The text to find (for a string pattern).
    public var pattern: String
    /// What to put instead.
    public var content: String
    private let regex: RegexPattern?
    /// For a regex that is one ASCII character at least `minimum` times in a row (` {2,}`, as
    /// SentencePiece conversions write): the runs are found by a scan instead of ICU.
    private let repeatedByte: (byte: UInt8, minimum: Int)?

    /// Replaces the string `pattern`; throws for an empty pattern.
    public init(pattern: String, content: String) throws(SubtokError) {
        guard !pattern.isEmpty else { throw SubtokError(.format, "Replace: the pattern must not be empty") }
        self.pattern = pattern
        self.content = content
        self.regex = nil
        self.repeatedByte = nil
    }

    /// Replaces the matches of the regular expression `regex`; throws when it does not compile.
    public init(regex: String, content: String) throws(SubtokError) {
        self.pattern = regex
        self.content = content
        self.regex = try RegexPattern(regex)
        self.repeatedByte = Self.repeatedByte(regex)
    }

    /// `(c, m)` for the regex `c{m,}` with `c` an ASCII character that is not a metacharacter.
    private static func repeatedByte(_ regex: String) -> (byte: UInt8, minimum: Int)? {
        let bytes = Array(regex.utf8)
        guard bytes.count >= 5, bytes[0] < 0x80, !Array("\\.^$|?*+()[]{}".utf8).contains(bytes[0]),
            bytes[1] == UInt8(ascii: "{"),
            bytes.suffix(2).elementsEqual(",}".utf8),
            let minimum = Int(String(decoding: bytes[2..<(bytes.count - 2)], as: UTF8.self)), minimum >= 1
        else { return nil }
        return (bytes[0], minimum)
    }

    /// The byte ranges the pattern matches in `p[0 ..< n]`, left to right, not overlapping.
    private func matches(_ p: UnsafePointer<UInt8>, _ n: Int) -> [(Int, Int)] {
        guard let (byte, minimum) = repeatedByte else { return regex?.matches(p, 0, n) ?? literalMatches(p, n) }
        var matches: [(Int, Int)] = []
        var i = 0
        while i < n {
            if minimum >= 2 {
                // Eight positions a step, to the first where the byte appears twice in a row
                // (the first such pair starts a run: the byte before it is another).
                while i &+ 9 <= n {
                    let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    let y = UnsafeRawPointer(p + i + 1).loadUnaligned(as: UInt64.self)
                    let pairs = ByteLanes.equalLanes(x, byte) & ByteLanes.equalLanes(y, byte)
                    if pairs != 0 {
                        i &+= pairs.trailingZeroBitCount >> 3
                        break
                    }
                    i &+= 8
                }
            }
            guard i < n, p[i] == byte else {
                i += 1
                continue
            }
            var j = i + 1
            while j < n, p[j] == byte { j += 1 }
            if j - i >= minimum { matches.append((i, j)) }
            i = j
        }
        return matches
    }

    /// True when the pattern does not occur in `text`; a regex other than a repeated character
    /// is not run for this quick check (false). O(n) for those it runs.
    public func leavesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard regex == nil || repeatedByte != nil else { return false }
        guard let p = text.baseAddress else { return true }
        return matches(p, text.count).isEmpty
    }

    /// Replaces in `text`.
    public func normalize(_ text: inout NormalizedString) {
        let bytes = text.bytes
        let matches = bytes.withNonNullBytes { p, n in self.matches(p, n) }
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
        let matches = matches(p, text.count)
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

extension Replace {
    /// Reads `{"type": "Replace", "pattern": {"Regex" | "String": ...}, "content": text}`. O(1)
    /// but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        let (pattern, isRegex, content) = try f.replaceFields()
        if isRegex {
            try self.init(regex: pattern, content: content)
        } else {
            try self.init(pattern: pattern, content: content)
        }
    }
}
