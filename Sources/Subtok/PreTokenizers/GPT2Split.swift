/// A hand-written scanner that splits text exactly as GPT-2's pattern does:
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// Alternatives are tried in that order at each position, as a backtracking regex engine does:
/// contractions first, then an optional single space (U+0020) followed by a run of letters,
/// numbers or "other" characters, then white space where a run followed by a non-space keeps
/// its last character for the next piece. One pass, O(n); runs of ASCII letters are found eight
/// bytes at a time (`ByteLanes`), other ASCII by comparisons and everything else by
/// `CharacterClasses` (ICU general categories and White_Space).
struct GPT2Split: PieceSplitter {
    /// The class of one character for this pattern.
    enum Kind: UInt8 { case letter, number, space, other }

    /// The kind of an ASCII byte.
    @inline(__always)
    static func asciiKind(_ b: UInt8) -> Kind {
        let lower = b | 0x20
        if lower >= 0x61 && lower <= 0x7A { return .letter }
        if b >= 0x30 && b <= 0x39 { return .number }
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return .space }
        return .other
    }

    /// The kind and byte length of the character at `i`.
    @inline(__always)
    static func kind(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, _ classes: CharacterClasses) -> (Kind, Int) {
        let b = p[i]
        if b < 0x80 { return (asciiKind(b), 1) }
        let (c, n) = UTF8Bytes.decode(p, i, end)
        let v = classes.classByte(c)
        if v & CharacterClasses.whiteSpaceBit != 0 { return (.space, n) }
        let g = v & 0x1F
        if CharacterClasses.isLetter(category: g) { return (.letter, n) }
        if CharacterClasses.isNumber(category: g) { return (.number, n) }
        return (.other, n)
    }

    /// For `subtok info`.
    var scannerName: String { "GPT-2 scanner" }

    /// Appends the end offset of every piece of `p[start ..< end]` to `ends`.
    func splitPieces(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: inout [Int]) {
        Self.split(p, start, end, into: &ends)
    }

    /// Writes the ends of the first `capacity` pieces of `p[start ..< end]`; returns how many.
    func splitPieces(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int) -> Int {
        let classes = CharacterClasses.shared
        var i = start
        var count = 0
        while i < end, count < capacity {
            i = Self.pieceEnd(p, i, end, classes)
            ends[count] = i
            count += 1
        }
        return count
    }

    /// Appends the end offset of every piece of `p[start ..< end]` to `ends`.
    static func split(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: inout [Int]) {
        let classes = CharacterClasses.shared
        var i = start
        while i < end {
            i = pieceEnd(p, i, end, classes)
            ends.append(i)
        }
    }

    /// The end of the piece that starts at `i` (before `end`).
    @inline(__always)
    static func pieceEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, _ classes: CharacterClasses) -> Int {
        let b = p[i]
        if b == 0x27, i + 1 < end {
            let c = p[i + 1]
            if c == 0x73 || c == 0x74 || c == 0x6D || c == 0x64 { return i + 2 } // 's 't 'm 'd
            if i + 2 < end {
                let d = p[i + 2]
                if (c == 0x72 && d == 0x65) || (c == 0x76 && d == 0x65) || (c == 0x6C && d == 0x6C) { return i + 3 } // 're 've 'll
            }
        }
        let (k, n) = kind(p, i, end, classes)
        var runKind = k
        var j = i + n
        if k == .space {
            if b == 0x20, j < end {
                let (k2, n2) = kind(p, j, end, classes)
                if k2 != .space { runKind = k2; j += n2 }
            }
            if runKind == .space {
                // \s+(?!\S) | \s+
                var last = i
                while j < end {
                    let (k3, n3) = kind(p, j, end, classes)
                    if k3 != .space { break }
                    last = j
                    j += n3
                }
                if j < end && last > i { j = last }
                return j
            }
        }
        if runKind == .letter {
            // ASCII letters eight at a time; a non-ASCII character is classified on its own.
            while true {
                j = ByteLanes.asciiLetterRunEnd(p, j, end)
                guard j < end, p[j] >= 0x80 else { break }
                let (k3, n3) = kind(p, j, end, classes)
                if k3 != .letter { break }
                j += n3
            }
        } else {
            while j < end {
                let (k3, n3) = kind(p, j, end, classes)
                if k3 != runKind { break }
                j += n3
            }
        }
        return j
    }
}
