/// BERT's ids-only path: the normalizer and the pre-tokenizer in one pass over the text.
extension BertPreTokenizer {
    /// True: BERT's normalizer and pre-tokenizer look at one character at a time.
    public var rewritesParts: Bool { true }

    /// `rewrittenPieces` of the part: where it lies in the text changes nothing.
    public func rewrittenPart(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?, at offset: Int
    ) -> (bytes: [UInt8], ends: [Int])? {
        rewrittenPieces(text, after: normalizer)
    }

    /// The pieces of a text behind no normalizer or a `BertNormalizer`, as the general path makes
    /// them, without alignments: the normalizer's output scalar by scalar (cleaned, CJK
    /// characters set apart, accents stripped, lowercased, as it is configured), white space
    /// dropped, each punctuation character a piece of its own. nil for other normalizers. One pass,
    /// O(n); ASCII text takes a loop over bytes.
    public func rewrittenPieces(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?
    ) -> (bytes: [UInt8], ends: [Int])? {
        var bert: BertNormalizer?
        if let normalizer {
            guard let given = normalizer as? BertNormalizer else { return nil }
            bert = given
        }
        guard let p = text.baseAddress else { return ([], []) }
        guard ByteLanes.asciiRunEnd(p, 0, text.count) == text.count else {
            return rewrittenUnicodePieces(p, text.count, bert)
        }
        let lowercase = bert?.lowercase ?? false, clean = bert?.cleanText ?? false
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

    /// `rewrittenPieces` for text with non-ASCII characters: ASCII bytes by the table, every other
    /// character through the normalizer's steps (those of `BertNormalizer.normalize`; skipped for
    /// characters that are their own NFD and lowercase, most of CJK text) and each resulting
    /// scalar through the pre-tokenizer's classes (those of `preTokenize`).
    private func rewrittenUnicodePieces(
        _ p: UnsafePointer<UInt8>, _ count: Int, _ bert: BertNormalizer?
    ) -> (bytes: [UInt8], ends: [Int]) {
        let classes = CharacterClasses.shared
        let clean = bert?.cleanText ?? false, lowercase = bert?.lowercase ?? false
        let strip = bert.map { $0.stripAccents ?? $0.lowercase } ?? false
        let chinese = bert?.handleChineseCharacters ?? false
        var bytes: [UInt8] = []
        var ends: [Int] = []
        bytes.reserveCapacity(count + count / 2)
        ends.reserveCapacity(count / 4 + 1)
        var decomposed: [UInt32] = []
        func close() {
            if bytes.count > (ends.last ?? 0) { ends.append(bytes.count) }
        }
        func emit(_ c: UInt32) {
            if Self.isWhiteSpace(c, classes) {
                close()
            } else if Self.isPunctuation(c, classes) {
                close()
                UTF8Bytes.append(c, to: &bytes)
                close()
            } else {
                UTF8Bytes.append(c, to: &bytes)
            }
        }
        var i = 0
        while i < count {
            let b = p[i]
            if b < 0x80 {
                i += 1
                switch Self.asciiClass[Int(b)] {
                case .letter: bytes.append(lowercase && b &- 0x41 < 26 ? b | 0x20 : b)
                case .space: close()
                case .punctuation:
                    close()
                    bytes.append(b)
                    close()
                case .control: if !clean { bytes.append(b) }
                case .controlSpace: if !clean { close() }
                }
                continue
            }
            var (c, n) = UTF8Bytes.decode(p, i, count)
            i += n
            if clean {
                guard let kept = BertNormalizer.cleaned(c, classes) else { continue }
                c = kept
            }
            let padded = chinese && BertNormalizer.isChineseCharacter(c)
            if padded { close() }
            let v = classes.classByte(c)
            if v & CharacterClasses.caseAndDecompositionStableBit != 0, !strip || v & 0x1F != 6 {
                emit(c)
            } else {
                BertNormalizer.forEachStrippedAndLowered(c, strip: strip, lowercase: lowercase, classes, &decomposed) {
                    emit($0)
                }
            }
            if padded { close() }
        }
        close()
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
}
