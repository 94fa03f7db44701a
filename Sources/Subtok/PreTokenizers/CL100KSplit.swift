/// A hand-written scanner for the cl100k family of patterns: tiktoken's cl100k_base,
///
///     '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
///
/// and the patterns of Llama 3 and Qwen2 (and their successors), which drop the possessive
/// quantifiers and `\s++$` and write white space as `\s*[\r\n]+|\s+(?!\S)|\s+`:
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// with `\p{N}` for `\p{N}{1,3}` in Qwen2's. Qwen3.5's is Qwen2's with marks in letter runs and
/// out of the runs of others (`marksJoinLetters`):
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// (a mark may still be the optional prefix, but a run starting at it ends where the run after
/// it would). Without possessives every alternative but the
/// white space ones matches the same text (nothing that follows could give back what the
/// possessive kept), and the white space alternatives differ only where a run of white space
/// holding a line break ends the text: cl100k keeps the run whole, the others end the piece
/// after the last line break.
///
/// Alternatives are tried in order at each position with the pattern's possessive and
/// backtracking semantics; one pass, O(n): ASCII text 64 bytes at a time as bit masks
/// (`ASCIIBlock`, `blockEnds`), other text character by character.
///
/// `\p{N}{1,3}+` reads differently in the two reference engines: possessive "one to three
/// numbers" in tiktoken (fancy-regex), but "one or more groups of one to three", that is any
/// run of numbers, in Oniguruma, which `tokenizers` uses for `tokenizer.json` Split patterns.
struct CL100KSplit: PieceSplitter {
    /// The longest run of numbers in one piece (3 for cl100k in tiktoken and for Llama 3, 1 for
    /// Qwen2, nil for cl100k in `tokenizers`).
    let numberRunLimit: Int?
    /// Whether a run of white space that ends the text is one piece (cl100k's `\s++$`).
    let whiteSpaceRunToEnd: Bool
    /// Whether marks (`\p{M}`) belong to runs of letters and not to runs of others (Qwen3.5).
    let marksJoinLetters: Bool

    /// The scanner for cl100k (`whiteSpaceRunToEnd`) or the Llama 3, Qwen2 and Qwen3.5 patterns.
    init(numberRunLimit: Int?, whiteSpaceRunToEnd: Bool = true, marksJoinLetters: Bool = false) {
        self.numberRunLimit = numberRunLimit
        self.whiteSpaceRunToEnd = whiteSpaceRunToEnd
        self.marksJoinLetters = marksJoinLetters
    }

    /// For `subtok info`.
    var scannerName: String {
        if marksJoinLetters { return "Qwen3.5 scanner" }
        guard whiteSpaceRunToEnd else { return numberRunLimit == 1 ? "Qwen2 scanner" : "Llama 3 scanner" }
        return numberRunLimit == nil ? "cl100k scanner (numbers as tokenizers reads \\p{N}{1,3}+)" : "cl100k scanner"
    }

    /// Writes the ends of the first `capacity` pieces of `p[start ..< end]`; returns how many.
    /// ASCII text is decided 64 bytes at a time (`blockEnds`), the rest piece by piece.
    func splitPieces(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int
    ) -> Int {
        let scan = ScriptScanner(p: p, end: end, classes: CharacterClasses.shared)
        let limit = numberRunLimit, runToEnd = whiteSpaceRunToEnd, marks = marksJoinLetters
        return ASCIIBlock.pieces(p, start, end, into: ends, capacity: capacity) { block, at, _ in
            Self.blockEnds(block, at, numberRunLimit: limit)
        } pieceEnd: {
            scan.cl100kPiece(at: $0, numberRunLimit: limit, whiteSpaceRunToEnd: runToEnd, marksJoinLetters: marks)
        }
    }
}

/// Character classification and the alternatives shared by the cl100k and o200k scanners.
struct ScriptScanner {
    let p: UnsafePointer<UInt8>
    let end: Int
    let classes: CharacterClasses

    /// A character's class for these patterns.
    struct Class {
        /// The ICU general category (0 ... 29).
        let category: UInt8
        let isSpace: Bool
        let scalar: UInt32
        let length: Int

        var isLetter: Bool { CharacterClasses.isLetter(category: category) }
        var isNumber: Bool { CharacterClasses.isNumber(category: category) }
        var isMark: Bool { CharacterClasses.isMark(category: category) }
        var isLineBreak: Bool { scalar == 0x0A || scalar == 0x0D }
        /// `[^\s\p{L}\p{N}]`.
        var isOther: Bool { !isSpace && !isLetter && !isNumber }
        /// `[^\r\n\p{L}\p{N}]`.
        var canPrefix: Bool { !isLineBreak && !isLetter && !isNumber }
    }

    @inline(__always)
    func at(_ i: Int) -> Class {
        let b = p[i]
        if b < 0x80 {
            let c = UInt32(b)
            let lower = b | 0x20
            let category: UInt8
            if lower >= 0x61 && lower <= 0x7A {
                category = b < 0x60 ? 1 : 2
            } else if b >= 0x30 && b <= 0x39 {
                category = 9
            } else {
                category = 0x1F
            }
            return Class(category: category, isSpace: b == 0x20 || (b >= 0x09 && b <= 0x0D), scalar: c, length: 1)
        }
        let (c, n) = UTF8Bytes.decode(p, i, end)
        let v = classes.classByte(c)
        return Class(category: v & 0x1F, isSpace: v & CharacterClasses.whiteSpaceBit != 0, scalar: c, length: n)
    }

    /// The end of the run of characters from `i` that satisfy `accept`.
    @inline(__always)
    func run(from i: Int, _ accept: (Class) -> Bool) -> Int {
        var j = i
        while j < end {
            let c = at(j)
            guard accept(c) else { break }
            j += c.length
        }
        return j
    }

    /// Writes the ends of the first `capacity` pieces from `start` (each found by `piece`, from
    /// the start of the piece and this scanner); returns how many.
    @inline(__always)
    func pieces(
        from start: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int, _ piece: (Int, ScriptScanner) -> Int
    ) -> Int {
        var i = start
        var count = 0
        while i < end, count < capacity {
            i = piece(i, self)
            ends[count] = i
            count += 1
        }
        return count
    }

    /// The end of the run of letters (`\p{L}`) from `i`.
    @inline(__always)
    func letters(from i: Int) -> Int { run(from: i, asciiRunEnd: ByteLanes.asciiLetterRunEnd) { $0.isLetter } }

    /// The end of the run of characters from `i` that `accept` takes, when the ASCII characters it
    /// takes are exactly those `asciiRunEnd` passes over: ASCII eight bytes at a time, non-ASCII
    /// characters classified one by one until the next ASCII byte (so a run of kana or kanji is not
    /// tested for ASCII at every character).
    @inline(__always)
    func run(from i: Int, asciiRunEnd: (UnsafePointer<UInt8>, Int, Int) -> Int, _ accept: (Class) -> Bool) -> Int {
        var j = i
        while true {
            j = asciiRunEnd(p, j, end)
            guard j < end, p[j] >= 0x80 else { return j }
            repeat {
                let c = at(j)
                guard accept(c) else { return j }
                j += c.length
            } while j < end && p[j] >= 0x80
        }
    }

    /// The end of a case-insensitive contraction (`'s 't 'm 'd 'll 've 're`) at `i`, or nil.
    /// Case folding follows Unicode simple folding: `ſ` (U+017F) matches `s`.
    func contraction(at i: Int) -> Int? {
        guard i + 1 < end, p[i] == 0x27 else { return nil }
        let c = p[i + 1] | 0x20
        if c == 0x73 || c == 0x74 || c == 0x6D || c == 0x64 { return i + 2 }
        if p[i + 1] == 0xC5, i + 2 < end, p[i + 2] == 0xBF { return i + 3 }
        guard i + 2 < end else { return nil }
        let d = p[i + 2] | 0x20
        if (c == 0x6C && d == 0x6C) || (c == 0x76 && d == 0x65) || (c == 0x72 && d == 0x65) { return i + 3 }
        return nil
    }

    /// The piece of a white space run starting at `i`: with `runToEnd`, cl100k's
    /// `\s++$ | \s*[\r\n] | \s+(?!\S) | \s`, else `\s*[\r\n]+ | \s+(?!\S) | \s+` (Llama 3,
    /// Qwen2, o200k). The two differ only on a run that holds a line break and ends the text.
    func whiteSpacePiece(at i: Int, runToEnd: Bool) -> Int {
        var j = i
        var lastLineBreakEnd = -1
        var lastStart = i
        while j < end {
            let c = at(j)
            guard c.isSpace else { break }
            if c.isLineBreak { lastLineBreakEnd = j + c.length }
            lastStart = j
            j += c.length
        }
        if j == end, runToEnd { return j }
        if lastLineBreakEnd > 0 { return lastLineBreakEnd }
        if j == end { return j }
        return lastStart > i ? lastStart : j
    }

    /// One piece of the cl100k family starting at `i` (see `CL100KSplit`); with
    /// `marksJoinLetters`, marks count as letters and not as others.
    func cl100kPiece(at i: Int, numberRunLimit: Int?, whiteSpaceRunToEnd: Bool, marksJoinLetters: Bool = false) -> Int {
        if let e = contraction(at: i) { return e }
        let isLetter: (Class) -> Bool = marksJoinLetters ? { $0.isLetter || $0.isMark } : { $0.isLetter }
        let isOther: (Class) -> Bool = marksJoinLetters ? { $0.isOther && !$0.isMark } : { $0.isOther }
        let c0 = at(i)
        if isLetter(c0) { return run(from: i + c0.length, asciiRunEnd: ByteLanes.asciiLetterRunEnd, isLetter) }
        if c0.canPrefix, i + c0.length < end, isLetter(at(i + c0.length)) {
            return run(from: i + c0.length, asciiRunEnd: ByteLanes.asciiLetterRunEnd, isLetter)
        }
        if c0.isNumber { return numbers(from: i, limit: numberRunLimit) }
        var s = i
        if c0.scalar == 0x20, i + 1 < end, isOther(at(i + 1)) { s = i + 1 }
        if isOther(at(s)) {
            let e = run(from: s, isOther)
            return run(from: e) { $0.isLineBreak }
        }
        return whiteSpacePiece(at: i, runToEnd: whiteSpaceRunToEnd)
    }

    /// The end of the run of numbers from `i`, at most `limit` characters long.
    func numbers(from i: Int, limit: Int?) -> Int {
        var j = i
        var count = 0
        while j < end, count != limit {
            let c = at(j)
            guard c.isNumber else { break }
            j += c.length
            count += 1
        }
        return j
    }
}
