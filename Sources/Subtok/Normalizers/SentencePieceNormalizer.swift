/// SentencePiece's normalizer, as `sentencepiece` runs it for a `.model` file: the compiled
/// charsmap (longest rule per position; user-defined symbols pass through unchanged), leading,
/// trailing and repeated white space removed (`remove_extra_whitespaces`), a dummy prefix
/// space (`add_dummy_prefix`, or a suffix with `treat_whitespace_as_suffix`), and spaces shown
/// as U+2581 (`escape_whitespaces`). Each output byte is aligned to the input it came from. O(n).
public struct SentencePieceNormalizer: Normalizer {
    /// The compiled rules, if any (identity otherwise).
    let charsmap: PrecompiledCharsmap?
    /// Prepend (or append) a space.
    public private(set) var addDummyPrefix: Bool
    /// Add the dummy prefix only to the part of a text cut at added tokens that starts it, as
    /// `transformers` (not `sentencepiece`, which cuts no text at added tokens) does.
    public private(set) var dummyPrefixOnlyAtTextStart = false
    /// Drop leading, trailing and repeated spaces.
    public let removeExtraWhitespaces: Bool
    /// Write spaces as U+2581.
    public let escapeWhitespaces: Bool
    /// Put the dummy space after the text instead of before.
    public let treatWhitespaceAsSuffix: Bool
    /// User-defined symbols, longest first: never normalized.
    let userDefined: [[UInt8]]
    /// By byte: an ASCII byte no rule or user-defined symbol can start with when an ASCII byte
    /// follows, so it is copied without a trie walk.
    private let asciiKept: [Bool]
    /// Every printable ASCII byte (0x20 ... 0x7E) is kept, so runs of them are found eight
    /// bytes at a time.
    private let printableKept: Bool
    /// By code point below U+10000, one bit: no rule and no user-defined symbol starts with the
    /// character, so it is copied as it is. Built on the first text with a non-ASCII character
    /// (`KeptCharacters`: a trie walk per character under a rule's first bytes, milliseconds).
    private let keptCharacters = LazyValue<KeptCharacters>()

    static let spaceSymbol: [UInt8] = [0xE2, 0x96, 0x81]

    init(
        charsmap: PrecompiledCharsmap?, addDummyPrefix: Bool, removeExtraWhitespaces: Bool, escapeWhitespaces: Bool,
        treatWhitespaceAsSuffix: Bool, userDefined: [String]
    ) {
        self.charsmap = charsmap
        self.addDummyPrefix = addDummyPrefix
        self.removeExtraWhitespaces = removeExtraWhitespaces
        self.escapeWhitespaces = escapeWhitespaces
        self.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix
        self.userDefined = userDefined.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var asciiKept = charsmap?.asciiKeptBeforeASCII() ?? (0..<256).map { $0 < 0x80 }
        for symbol in self.userDefined { asciiKept[Int(symbol[0])] = false }
        self.asciiKept = asciiKept
        printableKept = asciiKept[0x20...0x7E].allSatisfy { $0 }
    }

    /// Where the normalized form of an input prefix comes from.
    private enum Piece {
        /// The input bytes themselves (no rule, or a user-defined symbol).
        case input(Int)
        /// A replacement in the charsmap.
        case replacement(Range<Int>)
    }

    /// Whether `p[i]` is an ASCII byte copied as it is (see `asciiKept`).
    @inline(__always)
    private func keepsASCII(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        asciiKept.withUnsafeBufferPointer { $0[Int(p[i])] } && (i + 1 == n || p[i + 1] < 0x80)
    }

    /// The end of the run of kept ASCII bytes that starts at `from`: with `printableKept`,
    /// eight bytes at a time while all eight are printable (no byte under 0x20, none over 0x7E:
    /// `ByteLanes`) and an ASCII byte follows; then byte by byte.
    @inline(__always)
    private func keptASCIIEnd(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        var end = from
        if printableKept {
            let raw = UnsafeRawPointer(p)
            while end + 8 <= n {
                let x = raw.loadUnaligned(fromByteOffset: end, as: UInt64.self)
                guard ByteLanes.below(x, 0x20) | ByteLanes.aboveTilde(x) == 0, end + 8 == n || p[end + 8] < 0x80 else {
                    break
                }
                end += 8
            }
        }
        while end < n && keepsASCII(p, end, n) { end += 1 }
        return end
    }

    /// The normalized form of the input prefix at `i` and how many input bytes it consumes.
    @inline(__always)
    private func normalizePrefix(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (Piece, Int) {
        if keepsASCII(p, i, n) { return (.input(i), 1) }
        for symbol in userDefined where symbol.count <= n - i {
            if symbol.withUnsafeBufferPointer({ bytesEqual(p + i, $0.baseAddress!, $0.count) }) {
                return (.input(i), symbol.count)
            }
        }
        if let charsmap, let (length, value) = charsmap.longestMatch(p, i, n) {
            return (.replacement(value), length)
        }
        return (.input(i), min(UTF8Bytes.sequenceLength(lead: p[i]), n - i))
    }

    /// The bytes of a normalized piece of input length `length`.
    @inline(__always)
    private func bytes(_ piece: Piece, _ length: Int, _ p: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        switch piece {
        case let .input(at): return UnsafeBufferPointer(start: p + at, count: length)
        case let .replacement(range): return charsmap!.replacementBytes(range)
        }
    }

    /// The normalized bytes alone (ids-only encoding: no alignment is built).
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var none: [UInt32]?
        var copied = false
        return run(text, alignment: &none, copiedAsItIs: &copied)
    }

    /// The normalized bytes alone, handed to `body` where they were written (no copy). O(n).
    public func withNormalizedBytes(
        _ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        var none: [UInt32]?
        var copied = false
        let out = write(text, alignment: &none, copiedAsItIs: &copied)
        body(UnsafeBufferPointer(start: out.base, count: out.count))
        out.release()
        return true
    }

    /// This normalizer adding its dummy prefix only at a text's start (`normalize(_:atTextStart:)`).
    public var markingTextStartOnly: (any Normalizer)? {
        var copy = self
        copy.dummyPrefixOnlyAtTextStart = true
        return copy
    }

    /// The document the Hugging Face converters write for a tokenizer read from a `.model`
    /// (`SentencePieceConversion`); throws `unsupported` for the few options `tokenizers` cannot
    /// express.
    public func convertedDocument(of tokenizer: Tokenizer) throws(SubtokError) -> JSON? {
        try SentencePieceConversion.document(tokenizer, self)
    }

    /// `normalize(_:)`, without the dummy prefix for a part after the text's start when
    /// `dummyPrefixOnlyAtTextStart`.
    public func normalize(_ text: inout NormalizedString, atTextStart: Bool) {
        guard dummyPrefixOnlyAtTextStart, !atTextStart, addDummyPrefix else { return normalize(&text) }
        var plain = self
        plain.addDummyPrefix = false
        plain.normalize(&text)
    }

    /// Normalizes `text`, aligning every output byte to the input it came from.
    public func normalize(_ text: inout NormalizedString) {
        let source = text
        var alignment: [UInt32]? = []
        var copied = false
        let out = source.bytes.withUnsafeBufferPointer { run($0, alignment: &alignment, copiedAsItIs: &copied) }
        // The input ranges are mapped to original ranges in place: one array of two entries per
        // byte at the peak, not three (a 20 MB line took 1.4 GB).
        var pairs = alignment ?? []
        alignment = nil
        precondition(pairs.count == 2 * out.count, "run writes two alignment entries per output byte")
        // `run`'s ranges cover whole characters, so over text nothing rewrote before (the usual
        // case: this normalizer comes first) they are original ranges already.
        if !source.isIdentity {
            pairs.withUnsafeMutableBufferPointer { a in
                for k in 0..<out.count {
                    let range = source.originalRange(Int(a[2 * k]), Int(a[2 * k + 1]))
                    a[2 * k] = NormalizedString.position(range.start)
                    a[2 * k + 1] = NormalizedString.position(range.end)
                }
            }
        }
        text.replace(bytes: out, flatAlignment: pairs)
    }

    /// The normalization steps of `sentencepiece`'s `Normalizer::Normalize`. With an
    /// `alignment`, appends the input range (start, end) of every output byte to it. Sets
    /// `copiedAsItIs` to whether every character was copied as it is and every space kept (no
    /// rule applied, and the output as long as the input with its spaces escaped and the dummy
    /// prefix in front: nothing else makes it longer, and any removal makes it shorter).
    func run(
        _ buffer: UnsafeBufferPointer<UInt8>, alignment: inout [UInt32]?, copiedAsItIs: inout Bool
    ) -> [UInt8] {
        write(buffer, alignment: &alignment, copiedAsItIs: &copiedAsItIs).array()
    }

    /// `run`'s bytes in the `ByteWriter` they were written to (the caller releases it).
    private func write(
        _ buffer: UnsafeBufferPointer<UInt8>, alignment: inout [UInt32]?, copiedAsItIs: inout Bool
    ) -> ByteWriter {
        copiedAsItIs = false
        guard let p = buffer.baseAddress else { return ByteWriter(capacity: 0) }
        let n = buffer.count
        var ruled = false
        // Room for each space to become the three bytes of U+2581, the usual growth: arrays
        // that double past their reserve held three times the text (a 20 MB line took 0.9 GB).
        var spaces = 0
        for k in 0..<n where p[k] == 0x20 { spaces &+= 1 }
        let expected = n + 2 * spaces + n / 16 + 4
        var out = ByteWriter(capacity: expected)
        alignment?.reserveCapacity(2 * expected)
        var consumed = 0
        func append(_ bytes: some Sequence<UInt8>, _ from: Int, _ to: Int) {
            for b in bytes {
                out.append(b)
                alignment?.append(NormalizedString.position(from))
                alignment?.append(NormalizedString.position(to))
            }
        }
        let space: [UInt8] = escapeWhitespaces ? Self.spaceSymbol : [0x20]
        if removeExtraWhitespaces {
            while consumed < n {
                let (found, length) = normalizePrefix(p, consumed, n)
                let b = bytes(found, length, p)
                guard b.count == 1 && b[0] == 0x20 else { break }
                consumed += length
            }
        }
        guard consumed < n else { return out }
        if !treatWhitespaceAsSuffix && addDummyPrefix { append(space, consumed, consumed) }
        var previousIsSpace = removeExtraWhitespaces
        // Taken from `keptCharacters` (under its lock) at the first non-ASCII character.
        var kept: KeptCharacters?
        while consumed < n {
            let end = keptASCIIEnd(p, consumed, n)
            if end > consumed {
                if alignment == nil {
                    copyKeptASCII(p, consumed, end, space: space, previousIsSpace: &previousIsSpace, into: &out)
                } else {
                    copyKeptASCII(
                        p, consumed, end, space: space, previousIsSpace: &previousIsSpace, into: &out,
                        alignment: &alignment!)
                }
                consumed = end
                guard consumed < n else { break }
            }
            if p[consumed] >= 0x80 {
                if kept == nil {
                    kept = keptCharacters.value { KeptCharacters(charsmap: charsmap, userDefined: userDefined) }
                }
                let end = kept!.runEnd(p, consumed, n)
                if end > consumed {
                    out.append(UnsafeBufferPointer(start: p + consumed, count: end - consumed))
                    if alignment != nil { KeptCharacters.align(p, consumed, end, &alignment!) }
                    previousIsSpace = false
                    consumed = end
                    continue
                }
            }
            let (found, length) = normalizePrefix(p, consumed, n)
            if case .replacement = found {
                ruled = true
            } else if length != min(UTF8Bytes.sequenceLength(lead: p[consumed]), n - consumed) {
                ruled = true
            }
            var piece = bytes(found, length, p)[...]
            if previousIsSpace { while piece.first == 0x20 { piece = piece.dropFirst() } }
            if !piece.isEmpty {
                for b in piece {
                    if escapeWhitespaces && b == 0x20 {
                        append(Self.spaceSymbol, consumed, consumed + length)
                    } else {
                        append(CollectionOfOne(b), consumed, consumed + length)
                    }
                }
                previousIsSpace = piece.last == 0x20
            }
            consumed += length
            if !removeExtraWhitespaces { previousIsSpace = false }
        }
        if removeExtraWhitespaces {
            while out.ends(with: space) {
                out.removeLast(space.count)
                alignment?.removeLast(2 * space.count)
            }
        }
        if treatWhitespaceAsSuffix && addDummyPrefix { append(space, n, n) }
        copiedAsItIs =
            !ruled && !treatWhitespaceAsSuffix
            && out.count == n + (space.count - 1) * spaces + (addDummyPrefix ? space.count : 0)
        return out
    }

    /// Appends the bytes `p[from ..< to]`, all kept ASCII, to `out`: a space becomes `space`
    /// unless it follows one and extra whitespace is removed. Eight bytes at a time up to the
    /// next space (copied whole, then the position moves past the bytes before the space), and
    /// a space by one four-byte store and no branch on what follows, through a pointer into room
    /// made once for the worst case (every byte a space). O(to − from).
    @inline(__always)
    private func copyKeptASCII(
        _ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, space: [UInt8], previousIsSpace: inout Bool,
        into out: inout ByteWriter
    ) {
        let spaceLength = space.count
        let o = UnsafeMutableRawPointer(out.room((to - from) * spaceLength + 8))
        let removeExtraWhitespaces = self.removeExtraWhitespaces
        let spaceWord = space.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        var w = 0
        var i = from
        var spaced = previousIsSpace
        while i < to {
            if to &- i >= 8 {
                // Room: w ≤ (i − from) · spaceLength, so w + 8 stays inside what was made.
                let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                o.storeBytes(of: x, toByteOffset: w, as: UInt64.self)
                let spaces = ByteLanes.equal(x, 0x20)
                let skipped = spaces == 0 ? 8 : spaces.trailingZeroBitCount >> 3
                if skipped > 0 { spaced = false }
                i &+= skipped
                w &+= skipped
                if spaces == 0 { continue }
            }
            let isSpace = p[i] == 0x20
            o.storeBytes(of: isSpace ? spaceWord : UInt32(p[i]), toByteOffset: w, as: UInt32.self)
            w &+= isSpace ? (spaced ? 0 : spaceLength) : 1
            spaced = isSpace && (spaced || removeExtraWhitespaces)
            i &+= 1
        }
        previousIsSpace = spaced
        out.advance(w)
    }

    /// `copyKeptASCII` with each byte written aligned to the input byte it comes from (the
    /// start and end of its range in `alignment`), as the general loop aligns them. Writes
    /// through pointers into room made once, as `copyKeptASCII` does: three alignment entries
    /// per input byte, as many as a space becomes. O(to − from).
    private func copyKeptASCII(
        _ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, space: [UInt8], previousIsSpace: inout Bool,
        into out: inout ByteWriter, alignment: inout [UInt32]
    ) {
        let start = alignment.count / 2
        let room = (to - from) * space.count + 3
        let o = UnsafeMutableRawPointer(out.room(room))
        alignment.append(contentsOf: repeatElement(0, count: 2 * room))
        let removeExtraWhitespaces = self.removeExtraWhitespaces
        let spaceWord = space.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let spaceLength = space.count
        let written = alignment.withUnsafeMutableBufferPointer { alignmentBuffer in
            let a = UnsafeMutableRawPointer(alignmentBuffer.baseAddress! + 2 * start)
            var w = 0
            var spaced = previousIsSpace
            for i in from..<to {
                let b = p[i]
                let isSpace = b == 0x20
                o.storeBytes(of: isSpace ? spaceWord : UInt32(b), toByteOffset: w, as: UInt32.self)
                let range = UInt64(NormalizedString.position(i)) | UInt64(NormalizedString.position(i + 1)) << 32
                for k in 0..<3 { a.storeBytes(of: range, toByteOffset: 8 * (w + k), as: UInt64.self) }
                w += isSpace ? (spaced ? 0 : spaceLength) : 1
                spaced = isSpace && (spaced || removeExtraWhitespaces)
            }
            previousIsSpace = spaced
            return w
        }
        out.advance(written)
        alignment.removeLast(alignment.count - 2 * (start + written))
    }

    /// The SentencePiece normalizer has no `tokenizer.json` form (`tokenizers` splits it into
    /// Precompiled, Metaspace and friends); written as its parts' options for reference.
    public var json: JSON {
        .object([
            ("type", .string("SentencePiece")), ("add_dummy_prefix", .bool(addDummyPrefix)),
            ("remove_extra_whitespaces", .bool(removeExtraWhitespaces)),
            ("escape_whitespaces", .bool(escapeWhitespaces)),
        ])
    }
}
