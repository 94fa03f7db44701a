/// BERT's normalizer (`"type": "BertNormalizer"`): drops control characters and U+FFFD and maps
/// white space to spaces (`clean_text`), puts spaces around CJK ideographs
/// (`handle_chinese_chars`), removes accents after canonical decomposition (`strip_accents`;
/// nil follows `lowercase`), and lowercases with full Unicode case mapping. Every output
/// character keeps the alignment of the input character it came from, as in `tokenizers`.
/// ASCII-only text that loses no character is rewritten in place. O(n).
public struct BertNormalizer: Normalizer {
    /// Remove control characters and map white space to spaces.
    public var cleanText: Bool
    /// Surround CJK ideographs with spaces.
    public var handleChineseCharacters: Bool
    /// Remove accents; nil means "as `lowercase`".
    public var stripAccents: Bool?
    /// Lowercase.
    public var lowercase: Bool

    /// Creates the normalizer with BERT's defaults.
    public init(
        cleanText: Bool = true, handleChineseCharacters: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true
    ) {
        self.cleanText = cleanText
        self.handleChineseCharacters = handleChineseCharacters
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }

    /// Normalizes `text` in place.
    public func normalize(_ text: inout NormalizedString) {
        if asciiOnlyInPlace(text.bytes) {
            let clean = cleanText, lower = lowercase
            text.mapASCIIInPlace { b in
                var b = b
                if clean && (b == 0x09 || b == 0x0A || b == 0x0D) { b = 0x20 }
                if lower && b >= 0x41 && b <= 0x5A { b += 0x20 }
                return b
            }
            return
        }
        let strip = stripAccents ?? lowercase, lower = lowercase
        let classes = CharacterClasses.shared
        var scratch: [UInt32] = []
        text.mapScalars { c, out in
            var c = c
            if cleanText {
                guard let kept = Self.cleaned(c, classes) else { return }
                c = kept
            }
            let padded = handleChineseCharacters && Self.isChineseCharacter(c)
            if padded { out.append(0x20) }
            let v = classes.classByte(c)
            if v & CharacterClasses.caseAndDecompositionStableBit != 0, !strip || v & 0x1F != 6 {
                out.append(c)
            } else {
                Self.forEachStrippedAndLowered(c, strip: strip, lowercase: lower, classes, &scratch) { out.append($0) }
            }
            if padded { out.append(0x20) }
        }
    }

    /// What cleaning (`cleanText`) makes of `c`: nil when it is removed (NUL, U+FFFD, a control
    /// character), a space for white space, else `c`; as `tokenizers` reads the character
    /// classes (`BertCharacterTable`).
    @inline(__always)
    static func cleaned(_ c: UInt32, _ classes: CharacterClasses) -> UInt32? {
        if !classes.isCaseAndDecompositionStable(c), let entry = BertCharacterTable.entry(c) {
            return entry.cleaned.first
        }
        if c == 0 || c == 0xFFFD || isControl(c, classes) { return nil }
        if c == 0x09 || c == 0x0A || c == 0x0D || classes.isWhiteSpace(c) { return 0x20 }
        return c
    }

    /// Calls `body` with each scalar that accent stripping (NFD without non-spacing marks, when
    /// `strip`) and lowercasing (when `lowercase`) make of `c`, as `tokenizers` reads the
    /// character tables (`BertCharacterTable`). A character that is its own NFD and lowercase
    /// (the class table's stable bit) is passed on without a look-up; `scratch` holds a
    /// decomposition. O(1).
    @inline(__always)
    static func forEachStrippedAndLowered(
        _ c: UInt32, strip: Bool, lowercase: Bool, _ classes: CharacterClasses,
        _ scratch: inout [UInt32], _ body: (UInt32) -> Void
    ) {
        let v = classes.classByte(c)
        if v & CharacterClasses.caseAndDecompositionStableBit != 0 {
            if !strip || v & 0x1F != 6 { body(c) }
        } else if let entry = BertCharacterTable.entry(c) {
            guard strip else { return lowercase ? entry.lowered.forEach(body) : body(c) }
            for d in entry.stripped { forEachLowered(d, lowercase, classes, body) }
        } else if strip {
            scratch.removeAll(keepingCapacity: true)
            CaseAndDecomposition.appendDecomposition(of: c, to: &scratch)
            for d in scratch where !isStrippedMark(d, classes) { forEachLowered(d, lowercase, classes, body) }
        } else {
            forEachLowered(c, lowercase, classes, body)
        }
    }

    /// Whether accent stripping removes `d` from a decomposition: a non-spacing mark.
    @inline(__always)
    private static func isStrippedMark(_ d: UInt32, _ classes: CharacterClasses) -> Bool {
        let v = classes.classByte(d)
        if v & CharacterClasses.caseAndDecompositionStableBit == 0, let entry = BertCharacterTable.entry(d) {
            return entry.stripped.isEmpty
        }
        return v & 0x1F == 6
    }

    /// Calls `body` with the lowercase of `c` (when `lowercase`, else `c`).
    @inline(__always)
    private static func forEachLowered(
        _ c: UInt32, _ lowercase: Bool, _ classes: CharacterClasses, _ body: (UInt32) -> Void
    ) {
        guard lowercase, !classes.isCaseAndDecompositionStable(c) else { return body(c) }
        if let entry = BertCharacterTable.entry(c) { return entry.lowered.forEach(body) }
        CaseAndDecomposition.forEachLowercase(of: c, body)
    }

    /// True when the text is ASCII and no byte would be removed (so the length cannot change).
    private func asciiOnlyInPlace(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            for b in p {
                if b >= 0x80 { return false }
                if cleanText && (b < 0x20 || b == 0x7F) && b != 0x09 && b != 0x0A && b != 0x0D { return false }
            }
            return true
        }
    }

    /// Control characters as BERT counts them: categories Cc, Cf, Co, Cs except tab, newline
    /// and carriage return (which count as white space).
    static func isControl(_ c: UInt32, _ classes: CharacterClasses) -> Bool {
        if c == 0x09 || c == 0x0A || c == 0x0D { return false }
        let g = classes.category(c)
        return g >= 15 && g <= 18
    }

    /// The CJK Unified Ideograph blocks BERT pads with spaces.
    static func isChineseCharacter(_ c: UInt32) -> Bool {
        switch c {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// `{"type": "BertNormalizer", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("BertNormalizer")), ("clean_text", .bool(cleanText)),
            ("handle_chinese_chars", .bool(handleChineseCharacters)),
            ("strip_accents", stripAccents.map { .bool($0) } ?? .null), ("lowercase", .bool(lowercase)),
        ])
    }
}

extension BertNormalizer {
    /// Reads `{"type": "BertNormalizer", "clean_text", "handle_chinese_chars", "strip_accents" (a boolean or null),
    /// "lowercase"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        var strip: Bool?
        if let value = f.optional("strip_accents") {
            guard case let .bool(b) = value else {
                throw SubtokError(.format, "\(f.path).strip_accents must be a boolean or null")
            }
            strip = b
        }
        self.init(
            cleanText: try f.bool("clean_text", default: true),
            handleChineseCharacters: try f.bool("handle_chinese_chars", default: true),
            stripAccents: strip, lowercase: try f.bool("lowercase", default: true))
    }
}
