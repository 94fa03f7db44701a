/// A hand-written scanner for the pre-tokenizer of DeepSeek V3's (and V3.1, V3.2, R1's)
/// `tokenizer.json`: a Sequence of three Splits, each `Isolated`, each applied to the pieces the
/// one before left:
///
///     \p{N}{1,3}
///     [一-龥぀-ゟ゠-ヿ]+
///     [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// Numbers go three at a time from the start of their run, and runs of CJK ideographs and kana
/// (U+4E00–U+9FA5, U+3040–U+30FF) are stretches of their own, as is the text between them. The
/// third pattern then runs on every stretch, a CJK run included, as on a text of its own: its
/// runs stop where the stretch does, `(?!\S)` holds there, and characters where no alternative
/// matches form one piece up to the next match. A stretch's kind is that of its first
/// character, so a piece depends only on the text from its start and the scanner needs no
/// stretch boundaries up front; one pass, O(n).
struct DeepSeekV3Split: PieceSplitter {
    /// The three patterns, as the files spell them.
    static let patterns = [
        #"\p{N}{1,3}"#,
        "[一-龥぀-ゟ゠-ヿ]+",
        ##"[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"##,
    ]

    /// For `subtok info`.
    var scannerName: String { "DeepSeek V3 scanner" }

    /// Writes the ends of the first `capacity` pieces of `p[start ..< end]`; returns how many.
    func splitPieces(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int
    ) -> Int {
        let scan = Scanner(p: p, end: end, classes: CharacterClasses.shared)
        var i = start
        var count = 0
        while i < end, count < capacity {
            i = scan.piece(at: i)
            ends[count] = i
            count += 1
        }
        return count
    }

    /// The character classes of the three patterns and their alternatives.
    struct Scanner {
        let p: UnsafePointer<UInt8>
        let end: Int
        let classes: CharacterClasses

        /// What the patterns ask of one character.
        struct Class {
            /// `\p{N}`: the first pattern's.
            var isNumber = false
            /// The second pattern's ranges.
            var isCJK = false
            /// `[\p{L}\p{M}]`.
            var isLetterOrMark = false
            /// `[\p{P}\p{S}]`.
            var isPunctuationOrSymbol = false
            /// `\s` (White_Space).
            var isSpace = false
            /// `[\r\n]`.
            var isLineBreak = false
            var length = 1

            /// Whether the character ends a stretch: a CJK one (`inCJK`) or the text between.
            @inline(__always)
            func ends(inCJK: Bool) -> Bool { inCJK ? !isCJK || isNumber : isNumber || isCJK }
            /// `[^\r\n\p{L}\p{P}\p{S}]`, the optional character before a word.
            var canPrefix: Bool { !isLineBreak && !isLetterOrMark && !isPunctuationOrSymbol && !isNumber }
        }

        @inline(__always)
        func at(_ i: Int) -> Class {
            var c = Class()
            let b = p[i]
            if b < 0x80 {
                if ByteLanes.isASCIILetter(b) {
                    c.isLetterOrMark = true
                } else if b &- 0x30 < 10 {
                    c.isNumber = true
                } else if b > 0x20 && b < 0x7F {
                    c.isPunctuationOrSymbol = true
                } else {
                    c.isSpace = b == 0x20 || (b >= 0x09 && b <= 0x0D)
                    c.isLineBreak = b == 0x0A || b == 0x0D
                }
                return c
            }
            let (scalar, n) = UTF8Bytes.decode(p, i, end)
            let v = classes.classByte(scalar)
            let g = v & 0x1F
            c.length = n
            c.isNumber = CharacterClasses.isNumber(category: g)
            c.isCJK = (scalar >= 0x4E00 && scalar <= 0x9FA5) || (scalar >= 0x3040 && scalar <= 0x30FF)
            c.isLetterOrMark = CharacterClasses.isLetter(category: g) || CharacterClasses.isMark(category: g)
            c.isPunctuationOrSymbol = g >= 19 && g <= 29
            c.isSpace = v & CharacterClasses.whiteSpaceBit != 0
            return c
        }

        /// The end of the run from `i` of characters `accept` takes, stopped where the stretch
        /// (CJK or not, `inCJK`) ends.
        @inline(__always)
        func run(from i: Int, inCJK: Bool, _ accept: (Class) -> Bool) -> Int {
            var j = i
            while j < end {
                let c = at(j)
                guard accept(c), !c.ends(inCJK: inCJK) else { break }
                j += c.length
            }
            return j
        }

        /// The end of the run of letters and marks from `i`, stopped where the stretch ends:
        /// outside CJK stretches ASCII letters eight bytes at a time, other characters one by one.
        @inline(__always)
        func lettersAndMarks(from i: Int, inCJK: Bool) -> Int {
            if inCJK { return run(from: i, inCJK: true) { $0.isLetterOrMark } }
            var j = i
            while true {
                j = ByteLanes.asciiLetterRunEnd(p, j, end)
                guard j < end, p[j] >= 0x80 else { return j }
                let c = at(j)
                guard c.isLetterOrMark, !c.ends(inCJK: false) else { return j }
                j += c.length
            }
        }

        /// One piece starting at `i`. The commonest pieces of Latin-script text, a word with or
        /// without one space before it, are taken without classifying their first characters.
        func piece(at i: Int) -> Int {
            let b = p[i]
            if ByteLanes.isASCIILetter(b) { return lettersAndMarks(from: i &+ 1, inCJK: false) }
            if b == 0x20, i &+ 1 < end, ByteLanes.isASCIILetter(p[i &+ 1]) {
                return lettersAndMarks(from: i &+ 2, inCJK: false)
            }
            let c0 = at(i)
            if c0.isNumber {
                var j = i + c0.length
                for _ in 0..<2 where j < end {
                    let c = at(j)
                    guard c.isNumber else { break }
                    j += c.length
                }
                return j
            }
            let inCJK = c0.isCJK
            if let e = match(at: i, c0, inCJK: inCJK) { return e }
            // No alternative matches here: one piece up to the next match or the stretch's end.
            var j = i + c0.length
            while j < end {
                let c = at(j)
                if c.ends(inCJK: inCJK) || match(at: j, c, inCJK: inCJK) != nil { break }
                j += c.length
            }
            return j
        }

        /// The end of the third pattern's match at `i` (`c0` the character there, in a CJK
        /// stretch or not), or nil when no alternative matches.
        func match(at i: Int, _ c0: Class, inCJK: Bool) -> Int? {
            let next = i + c0.length
            let c1: Class? = next < end ? at(next) : nil
            let c1Open = c1.map { !$0.ends(inCJK: inCJK) } ?? false
            // [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+
            if p[i] < 0x80, c0.isPunctuationOrSymbol, next < end, ByteLanes.isASCIILetter(p[next]) {
                return ByteLanes.asciiLetterRunEnd(p, next, end)
            }
            // [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
            if c0.isLetterOrMark { return lettersAndMarks(from: next, inCJK: inCJK) }
            if c0.canPrefix, c1Open, c1!.isLetterOrMark {
                return lettersAndMarks(from: next + c1!.length, inCJK: inCJK)
            }
            //  ?[\p{P}\p{S}]+[\r\n]*
            var s = -1
            if c0.isPunctuationOrSymbol { s = i } else if p[i] == 0x20, c1Open, c1!.isPunctuationOrSymbol { s = next }
            if s >= 0 {
                let e = run(from: s, inCJK: inCJK) { $0.isPunctuationOrSymbol }
                return run(from: e, inCJK: inCJK) { $0.isLineBreak }
            }
            guard c0.isSpace else { return nil }
            // \s*[\r\n]+ | \s+(?!\S) | \s+, with the stretch's end read as the end of the text.
            var j = i
            var lastLineBreakEnd = -1
            var lastStart = i
            var atEnd = true
            while j < end {
                let c = at(j)
                if c.ends(inCJK: inCJK) { break }
                guard c.isSpace else {
                    atEnd = false
                    break
                }
                if c.isLineBreak { lastLineBreakEnd = j + c.length }
                lastStart = j
                j += c.length
            }
            if lastLineBreakEnd > 0 { return lastLineBreakEnd }
            if atEnd { return j }
            return lastStart > i ? lastStart : j
        }
    }
}
