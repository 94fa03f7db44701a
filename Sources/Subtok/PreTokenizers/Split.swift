/// The pattern pre-tokenizer of `tokenizer.json` (`"type": "Split"`): splits at the matches of
/// a regex or a literal string, with any delimiter behavior and `invert`. The GPT-2, cl100k,
/// Llama 3, Qwen2, Qwen3.5, o200k and Mistral tekken patterns run on hand-written scanners; any other regex runs on ICU (`RegexPattern`,
/// with Oniguruma's reading of `{n,m}+`), so every file loads.
public struct Split: PreTokenizer {
    /// The patterns with a scanner.
    public enum KnownPattern: String, Sendable, CaseIterable {
        case gpt2, cl100k, llama3, qwen2, qwen35, o200k, tekken

        /// The pattern text as tiktoken and `tokenizers` files spell it.
        public var regex: [String] {
            switch self {
            case .gpt2:
                return [
                    #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#,
                    #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#,
                ]
            case .cl100k:
                return [
                    #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
                ]
            case .llama3:
                return [
                    #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
                ]
            case .qwen2:
                return [
                    #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
                ]
            case .qwen35:
                return [
                    #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
                ]
            case .o200k:
                return [
                    [
                        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                        #"\p{N}{1,3}"#, #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#, #"\s*[\r\n]+"#, #"\s+(?!\S)"#, #"\s+"#,
                    ].joined(separator: "|")
                ]
            case .tekken:
                return [
                    [
                        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"#,
                        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"#,
                        #"\p{N}"#, #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#, #"\s*[\r\n]+"#, #"\s+(?!\S)"#, #"\s+"#,
                    ].joined(separator: "|")
                ]
            }
        }

        /// The scanner, with tiktoken's reading of the pattern or (`oniguruma`) with the one
        /// `tokenizers` gives it (see `CL100KSplit`).
        func splitter(oniguruma: Bool) -> any PieceSplitter {
            switch self {
            case .gpt2: return GPT2Split()
            case .cl100k: return CL100KSplit(numberRunLimit: oniguruma ? nil : 3)
            case .llama3: return CL100KSplit(numberRunLimit: 3, whiteSpaceRunToEnd: false)
            case .qwen2: return CL100KSplit(numberRunLimit: 1, whiteSpaceRunToEnd: false)
            case .qwen35: return CL100KSplit(numberRunLimit: 1, whiteSpaceRunToEnd: false, marksJoinLetters: true)
            case .o200k: return O200KSplit()
            case .tekken: return O200KSplit(contractions: false, numberRunLimit: 1)
            }
        }

        /// The pattern as a `tokenizer.json` regex that `tokenizers` (Oniguruma) reads with
        /// tiktoken's meaning: cl100k's `\p{N}{1,3}+` becomes `\p{N}{1,3}`, the same as tiktoken's
        /// possessive reading since nothing follows it in its alternative.
        var tiktokenRegexForOniguruma: String {
            self == .cl100k ? ByteStrings.replaceAll(#"\p{N}{1,3}+"#, with: #"\p{N}{1,3}"#, in: regex[0]) : regex[0]
        }

        /// The known pattern `regex` spells and whether Oniguruma's reading of it differs from
        /// tiktoken's (cl100k's unlimited runs of numbers), or nil.
        static func recognize(_ regex: String) -> (KnownPattern, oniguruma: Bool)? {
            for known in allCases {
                if known.regex.contains(regex) { return (known, true) }
                if known.tiktokenRegexForOniguruma == regex { return (known, false) }
            }
            return nil
        }
    }

    /// What the pieces are cut at.
    enum Matcher: Sendable {
        case scanner(KnownPattern, oniguruma: Bool)
        case regex(RegexPattern)
        case literal([UInt8])
    }

    let matcher: Matcher
    /// What happens to the matches.
    public let behavior: SplitDelimiterBehavior
    /// Split at what does not match instead.
    public let invert: Bool

    /// A split by a known pattern, read as tiktoken (`oniguruma` false) or `tokenizers` does,
    /// each match one piece.
    public init(_ pattern: KnownPattern, oniguruma: Bool) {
        self.matcher = .scanner(pattern, oniguruma: oniguruma)
        self.behavior = .isolated
        self.invert = false
    }

    /// A split at the matches of `regex`, written as `tokenizer.json` writes it (Oniguruma's
    /// syntax). A pattern a scanner covers runs on it, any other on ICU. Throws when ICU cannot
    /// compile the pattern. O(pattern length).
    public init(regex: String, behavior: SplitDelimiterBehavior = .isolated, invert: Bool = false) throws(SubtokError) {
        if let (known, oniguruma) = KnownPattern.recognize(regex) {
            matcher = .scanner(known, oniguruma: oniguruma)
        } else {
            matcher = .regex(try RegexPattern(regex))
        }
        self.behavior = behavior
        self.invert = invert
    }

    /// Reads `{"type": "Split", "pattern": {"Regex" | "String": ...}, "behavior": ..., "invert": ...}`.
    init(json f: JSONFields) throws(SubtokError) {
        let patternFields = try JSONFields(f.optional("pattern") ?? .null, path: "\(f.path).pattern")
        let behavior = try SplitDelimiterBehavior.read(f, default: .isolated)
        let invert = try f.bool("invert", default: false)
        if let literal = try patternFields.optionalString("String") {
            guard !literal.isEmpty else { throw SubtokError(.format, "\(f.path).pattern.String must not be empty") }
            matcher = .literal(Array(literal.utf8))
            self.behavior = behavior
            self.invert = invert
        } else if let regex = try patternFields.optionalString("Regex") {
            self = try Split(regex: regex, behavior: behavior, invert: invert)
        } else {
            throw SubtokError(.format, "\(f.path).pattern must hold a String or a Regex")
        }
    }

    /// The scanner when the pieces are exactly its matches; else nil (the general path).
    public var pieceSplitter: (any PieceSplitter)? {
        guard case let .scanner(known, oniguruma) = matcher, behavior == .isolated, !invert else { return nil }
        return known.splitter(oniguruma: oniguruma)
    }

    /// The regex when it runs on ICU and each match and each stretch between matches is a piece
    /// (`Isolated`, not inverted), else nil: how a Sequence of Splits finds its scanner.
    var isolatedRegexSource: String? {
        guard case let .regex(regex) = matcher, behavior == .isolated, !invert else { return nil }
        return regex.source
    }

    /// Splits the open splits: matches and the text between them, combined as `behavior` says
    /// (the folds of `tokenizers`' `NormalizedString::split`).
    public func preTokenize(_ text: inout PreTokenizedString) {
        var ends: [Int] = []
        text.refine { p, start, end, out in
            var matches: [(Int, Int)] = []
            switch matcher {
            case let .scanner(known, oniguruma):
                ends.removeAll(keepingCapacity: true)
                known.splitter(oniguruma: oniguruma).splitPieces(p.baseAddress!, start, end, into: &ends)
                var s = start
                for e in ends { matches.append((s, e)); s = e }
            case let .regex(regex):
                matches = regex.matches(p.baseAddress!, start, end)
            case let .literal(target):
                var i = start
                while i + target.count <= end {
                    if p[i] == target[0]
                        && bytesEqual(
                            p.baseAddress! + i, target.withUnsafeBufferPointer { $0.baseAddress! }, target.count)
                    {
                        matches.append((i, i + target.count))
                        i += target.count
                    } else {
                        i += 1
                    }
                }
            }
            Self.fold(matches, start, end, behavior: behavior, invert: invert, into: &out)
        }
    }

    /// Turns matches into pieces.
    static func fold(
        _ matches: [(Int, Int)], _ start: Int, _ end: Int, behavior: SplitDelimiterBehavior, invert: Bool,
        into out: inout [PreTokenizedString.Split]
    ) {
        var segments: [(start: Int, end: Int, isMatch: Bool)] = []
        var previous = start
        for (s, e) in matches {
            if previous < s { segments.append((previous, s, invert)) }
            segments.append((s, e, !invert))
            previous = e
        }
        if previous < end { segments.append((previous, end, invert)) }
        var pieces: [(start: Int, end: Int, isMatch: Bool)] = []
        switch behavior {
        case .removed:
            pieces = segments.filter { !$0.isMatch }
        case .isolated:
            pieces = segments
        case .mergedWithPrevious:
            var previousMatch = false
            for segment in segments {
                if segment.isMatch && !previousMatch, !pieces.isEmpty {
                    pieces[pieces.count - 1].end = segment.end
                } else {
                    pieces.append(segment)
                }
                previousMatch = segment.isMatch
            }
        case .mergedWithNext:
            var previousMatch = false
            for segment in segments.reversed() {
                if segment.isMatch && !previousMatch, !pieces.isEmpty {
                    pieces[pieces.count - 1].start = segment.start
                } else {
                    pieces.append(segment)
                }
                previousMatch = segment.isMatch
            }
            pieces.reverse()
        case .contiguous:
            var previousMatch = false
            for segment in segments {
                if segment.isMatch == previousMatch, !pieces.isEmpty {
                    pieces[pieces.count - 1].end = segment.end
                } else {
                    pieces.append(segment)
                }
                previousMatch = segment.isMatch
            }
        }
        for piece in pieces where piece.end > piece.start { out.append(.init(start: piece.start, end: piece.end)) }
    }

    /// `{"type": "Split", ...}` as it was read (known patterns written with their meaning).
    public var json: JSON {
        let pattern: JSON
        switch matcher {
        case let .scanner(known, oniguruma):
            pattern = .object([("Regex", .string(oniguruma ? known.regex[0] : known.tiktokenRegexForOniguruma))])
        case let .regex(regex):
            pattern = .object([("Regex", .string(regex.source))])
        case let .literal(bytes):
            pattern = .object([("String", .string(String(decoding: bytes, as: UTF8.self)))])
        }
        return .object([
            ("type", .string("Split")), ("pattern", pattern), ("behavior", .string(behavior.rawValue)),
            ("invert", .bool(invert)),
        ])
    }
}
