/// The regex pre-tokenizer of `tokenizer.json` (`"type": "Split"`), for the patterns Subtok
/// recognises: GPT-2 / r50k, cl100k and o200k, each run by its hand-written scanner (the pieces
/// are the pattern's matches, behavior `Isolated`). Other patterns, behaviors or `invert` are
/// refused at load with an error naming them.
public struct Split: PreTokenizer {
    /// The patterns with a scanner.
    public enum KnownPattern: String, Sendable, CaseIterable {
        case gpt2, cl100k, o200k

        /// The pattern text as tiktoken and `tokenizers` files spell it.
        public var regex: [String] {
            switch self {
            case .gpt2:
                return [#"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#,
                        #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#]
            case .cl100k:
                return [#"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#]
            case .o200k:
                return [[
                    #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                    #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                    #"\p{N}{1,3}"#, #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#, #"\s*[\r\n]+"#, #"\s+(?!\S)"#, #"\s+"#,
                ].joined(separator: "|")]
            }
        }

        /// The scanner, with tiktoken's reading of the pattern or (`oniguruma`) with the one
        /// `tokenizers` gives it (see `CL100KSplit`).
        func splitter(oniguruma: Bool) -> any PieceSplitter {
            switch self {
            case .gpt2: return GPT2Split()
            case .cl100k: return CL100KSplit(numberRunLimit: oniguruma ? nil : 3)
            case .o200k: return O200KSplit()
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

    /// The pattern.
    public let pattern: KnownPattern
    /// Whether the pattern is read as Oniguruma (`tokenizers`) or as tiktoken reads it.
    public let oniguruma: Bool
    private let regexText: String

    /// A split by a known pattern, read as tiktoken (`oniguruma` false) or `tokenizers` does.
    public init(_ pattern: KnownPattern, oniguruma: Bool) {
        self.pattern = pattern
        self.oniguruma = oniguruma
        self.regexText = oniguruma ? pattern.regex[0] : pattern.tiktokenRegexForOniguruma
    }

    /// Reads `{"type": "Split", "pattern": {"Regex": ...}, "behavior": ..., "invert": ...}`.
    init(json f: JSONFields) throws(SubtokError) {
        let patternFields = try JSONFields(f.optional("pattern") ?? .null, path: "\(f.path).pattern")
        guard let regex = try patternFields.optionalString("Regex") else {
            throw SubtokError(.unsupported, "pre-tokenizer Split with a String pattern is not supported yet")
        }
        guard let (known, oniguruma) = KnownPattern.recognize(regex) else {
            throw SubtokError(.unsupported, "pre-tokenizer Split with the regex \(quoted(regex)) is not supported yet (known: GPT-2, cl100k, o200k)")
        }
        let behavior = try SplitDelimiterBehavior.read(f, default: .isolated)
        guard behavior == .isolated, try !f.bool("invert", default: false) else {
            throw SubtokError(.unsupported, "pre-tokenizer Split with behavior \(behavior.rawValue) or invert is not supported yet")
        }
        self.pattern = known
        self.oniguruma = oniguruma
        self.regexText = regex
    }

    /// The scanner: the text is never rewritten.
    public var pieceSplitter: (any PieceSplitter)? { pattern.splitter(oniguruma: oniguruma) }

    /// Splits the open splits.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let splitter = pattern.splitter(oniguruma: oniguruma)
        var ends: [Int] = []
        text.refine { p, start, end, out in
            ends.removeAll(keepingCapacity: true)
            splitter.splitPieces(p.baseAddress!, start, end, into: &ends)
            var s = start
            for e in ends { out.append(.init(start: s, end: e)); s = e }
        }
    }

    /// `{"type": "Split", ...}` with the pattern as it was read.
    public var json: JSON {
        .object([
            ("type", .string("Split")), ("pattern", .object([("Regex", .string(regexText))])),
            ("behavior", .string("Isolated")), ("invert", .bool(false)),
        ])
    }
}
