/// What a splitting pre-tokenizer does with the delimiters it finds (`tokenizers`'
/// `SplitDelimiterBehavior`).
public enum SplitDelimiterBehavior: String, Sendable {
    /// Drop them.
    case removed = "Removed"
    /// Make each one its own piece.
    case isolated = "Isolated"
    /// Attach each to the piece before it.
    case mergedWithPrevious = "MergedWithPrevious"
    /// Attach each to the piece after it.
    case mergedWithNext = "MergedWithNext"
    /// Make each run of consecutive ones one piece.
    case contiguous = "Contiguous"

    /// Reads a behavior from `tokenizer.json`.
    static func read(
        _ f: JSONFields, key: String = "behavior", default d: SplitDelimiterBehavior
    ) throws(SubtokError) -> SplitDelimiterBehavior {
        guard let name = try f.optionalString(key) else { return d }
        guard let behavior = SplitDelimiterBehavior(rawValue: name) else {
            throw SubtokError(.format, "\(f.path).\(key): unknown behavior \(quoted(name))")
        }
        return behavior
    }
}

extension PreTokenizedString {
    /// Splits every open split at the characters `isDelimiter` accepts, treating them as
    /// `behavior` says; each delimiter character is one match. O(n).
    mutating func split(by behavior: SplitDelimiterBehavior, where isDelimiter: (UInt32) -> Bool) {
        refine { p, start, end, out in
            // Matches as (start, end) ranges, merged for `contiguous`.
            var pieceStart = start
            var pendingMatch: Int? = nil
            var i = start
            func emit(_ s: Int, _ e: Int) { if e > s { out.append(.init(start: s, end: e)) } }
            while i < end {
                let (c, n) = UTF8Bytes.decode(p.baseAddress!, i, end)
                let matches = isDelimiter(c)
                if behavior == .contiguous {
                    if matches {
                        if pendingMatch == nil { emit(pieceStart, i); pendingMatch = i }
                    } else if let m = pendingMatch {
                        emit(m, i)
                        pendingMatch = nil
                        pieceStart = i
                    }
                    i += n
                    continue
                }
                if matches {
                    switch behavior {
                    case .removed:
                        emit(pieceStart, i)
                        pieceStart = i + n
                    case .isolated:
                        emit(pieceStart, i)
                        emit(i, i + n)
                        pieceStart = i + n
                    case .mergedWithPrevious:
                        emit(pieceStart, i + n)
                        pieceStart = i + n
                    case .mergedWithNext:
                        emit(pieceStart, i)
                        pieceStart = i
                    case .contiguous:
                        break
                    }
                }
                i += n
            }
            if let m = pendingMatch { emit(m, end) } else { emit(pieceStart, end) }
        }
    }
}
