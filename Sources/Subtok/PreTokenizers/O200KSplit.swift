/// A hand-written scanner that splits exactly as tiktoken's o200k_base pattern:
///
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// The letter alternatives backtrack (marks and Lm/Lo belong to both classes, and a mark can
/// also be the optional prefix); the scanner tries the same choices in the same order. O(n).
/// Without `contractions` and with single numbers it is Mistral tekken's pattern, the same
/// without the `(?i:'s|...)?` suffixes and with `\p{N}` for `\p{N}{1,3}`. ASCII text is
/// decided 64 bytes at a time as bit masks (`ASCIIBlock`, `blockEnds`).
struct O200KSplit: PieceSplitter {
    /// Whether a letter piece takes a following contraction (o200k) or not (tekken).
    var contractions = true
    /// The most digits in one number piece (o200k 3, tekken 1).
    var numberRunLimit = 3

    /// For `subtok info`.
    var scannerName: String { contractions ? "o200k scanner" : "tekken scanner" }

    /// Writes the ends of the first `capacity` pieces of `p[start ..< end]`; returns how many.
    /// ASCII text is decided 64 bytes at a time (`blockEnds`), the rest piece by piece.
    func splitPieces(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int
    ) -> Int {
        let scan = ScriptScanner(p: p, end: end, classes: CharacterClasses.shared)
        let contractions = self.contractions, limit = numberRunLimit
        return ASCIIBlock.pieces(p, start, end, into: ends, capacity: capacity) { block, at, _ in
            Self.blockEnds(block, at, contractions: contractions, numberRunLimit: limit)
        } pieceEnd: {
            scan.o200kPiece(at: $0, contractions: contractions, numberRunLimit: limit)
        }
    }
}

extension ScriptScanner.Class {
    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    var isUpperish: Bool { category == 1 || category == 3 || category == 4 || category == 5 || isMark }
    /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    var isLowerish: Bool { category == 2 || category == 4 || category == 5 || isMark }
}

extension ScriptScanner {
    /// Upper-ish characters then at least one lower-ish one (alternative 1 without its prefix),
    /// with the backtracking a regex engine does; nil when it cannot match at `s`.
    func upperThenLower(from s: Int) -> Int? {
        var j = s
        var lastBoth = -1
        while j < end {
            let c = at(j)
            guard c.isUpperish else { break }
            if c.isLowerish { lastBoth = j + c.length }
            j += c.length
        }
        if j < end, at(j).isLowerish { return lowerish(from: j) }
        return lastBoth > 0 ? lastBoth : nil
    }

    /// The end of the run of lower-ish characters from `j` (lower-case ASCII eight bytes at a time).
    @inline(__always)
    func lowerish(from j: Int) -> Int { run(from: j, asciiRunEnd: ByteLanes.asciiLowercaseRunEnd) { $0.isLowerish } }

    /// At least one upper-ish character then lower-ish ones (alternative 2 without its prefix).
    func upperThenOptionalLower(from s: Int) -> Int? {
        let j = run(from: s) { $0.isUpperish }
        guard j > s else { return nil }
        return lowerish(from: j)
    }

    /// A letter alternative at `i`: with the optional prefix first, then without it.
    func letters(at i: Int, _ body: (Int) -> Int?) -> Int? {
        let c0 = at(i)
        if c0.canPrefix, i + c0.length < end, let e = body(i + c0.length) { return e }
        return body(i)
    }

    /// One o200k piece starting at `i` (tekken's without contractions, one digit per number).
    func o200kPiece(at i: Int, contractions: Bool = true, numberRunLimit: Int = 3) -> Int {
        // The common ASCII words first: an optional space, at most one upper-case letter, then
        // lower-case ones. The first alternative matches them with no backtracking (the space is
        // its optional prefix, an upper-case letter its upper-ish run, stopped by the lower-case
        // one), so the piece is the lower-ish run and an optional contraction.
        var w = i
        if p[w] == 0x20, w + 1 < end { w += 1 }
        if p[w] &- 0x41 < 26, w + 1 < end { w += 1 }
        if ByteLanes.isASCIILowercase(p[w]) {
            let e = lowerish(from: w)
            return contractions ? contraction(at: e) ?? e : e
        }
        if let e = letters(at: i, upperThenLower) ?? letters(at: i, upperThenOptionalLower) {
            return contractions ? contraction(at: e) ?? e : e
        }
        let c0 = at(i)
        if c0.isNumber { return numbers(from: i, limit: numberRunLimit) }
        var s = i
        if c0.scalar == 0x20, i + 1 < end, at(i + 1).isOther { s = i + 1 }
        if at(s).isOther {
            let e = run(from: s) { $0.isOther }
            return run(from: e) { $0.isLineBreak || $0.scalar == 0x2F }
        }
        return whiteSpacePiece(at: i, runToEnd: false)
    }
}
