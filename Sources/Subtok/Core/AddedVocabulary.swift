import Glibc

/// The added tokens of a tokenizer and the matcher that cuts them out of text: leftmost-longest,
/// non-overlapping matches (as `tokenizers`' Aho-Corasick set), honouring each token's
/// `single_word`, `lstrip` and `rstrip`. Raw-text tokens (`normalized: false`) are matched before
/// normalization, the others after. Matching costs O(n) plus a comparison per position whose
/// byte can start a token.
public struct AddedVocabulary: Sendable {
    /// The tokens in id order.
    public let tokens: [AddedToken]
    private let byID: [UInt32: Int]
    private let byContent: [String: Int]
    private let raw: Matcher
    private let normalizedSet: Matcher
    private let ordinaryRaw: Matcher
    private let ordinaryNormalized: Matcher

    /// Builds the vocabulary; throws when two tokens share an id or a content, or an id is over
    /// `Limits.maximumVocabularySize`.
    public init(_ tokens: [AddedToken]) throws(SubtokError) {
        let sorted = tokens.sorted { $0.id < $1.id }
        var byID: [UInt32: Int] = [:]
        var byContent: [String: Int] = [:]
        for (k, token) in sorted.enumerated() {
            if token.content.isEmpty { throw SubtokError(.format, "added token \(token.id) has empty content") }
            if Int(token.id) >= Limits.maximumVocabularySize {
                throw SubtokError(
                    .limitExceeded,
                    "added token id \(token.id) exceeds the limit of \(Limits.maximumVocabularySize) tokens")
            }
            if byID[token.id] != nil { throw SubtokError(.format, "added token id \(token.id) appears twice") }
            if byContent[token.content] != nil {
                throw SubtokError(.format, "added token \(quoted(token.content)) appears twice")
            }
            byID[token.id] = k
            byContent[token.content] = k
        }
        self.tokens = sorted
        self.byID = byID
        self.byContent = byContent
        self.raw = Matcher(sorted.filter { !$0.normalized })
        self.normalizedSet = Matcher(sorted.filter { $0.normalized })
        self.ordinaryRaw = Matcher(sorted.filter { !$0.normalized && !$0.special })
        self.ordinaryNormalized = Matcher(sorted.filter { $0.normalized && !$0.special })
    }

    /// True when no token is added.
    public var isEmpty: Bool { tokens.isEmpty }

    /// The added token with `id`, or nil. O(1).
    public func token(for id: UInt32) -> AddedToken? { byID[id].map { tokens[$0] } }

    /// The added token whose content is `content`, or nil. O(1).
    public func token(content: String) -> AddedToken? { byContent[content].map { tokens[$0] } }

    /// True when some token swallows white space (`lstrip` or `rstrip`).
    /// True when some token is matched in normalized text: raw bytes then say nothing about
    /// where it can match.
    var hasNormalizedTokens: Bool { !normalizedSet.isEmpty }

    var hasStrippingTokens: Bool { tokens.contains { $0.leftStrip || $0.rightStrip } }

    /// The raw-text and normalized-text matchers, with or without the special tokens.
    private func matchers(special: Bool) -> (raw: Matcher, normalized: Matcher) {
        special ? (raw, normalizedSet) : (ordinaryRaw, ordinaryNormalized)
    }

    /// True when some byte of `p[0 ..< count]` can start an added token (a fast pre-check).
    /// (The matchers are used in place: copying them out, as `matchers(special:)` does, costs a
    /// retain and a release of each of their arrays, which was 5% of a per-line encode.)
    func mightMatch(_ p: UnsafePointer<UInt8>, _ count: Int, special: Bool) -> Bool {
        if special { return raw.mightMatch(p, count) || normalizedSet.mightMatch(p, count) }
        return ordinaryRaw.mightMatch(p, count) || ordinaryNormalized.mightMatch(p, count)
    }

    /// Splits text that no normalizer changes: raw-text tokens first, then normalized-text
    /// tokens in what is left (the order `tokenizers` uses).
    func splitUnchanged(_ p: UnsafePointer<UInt8>, _ count: Int, special: Bool = true) -> [PreTokenizedString.Split] {
        let (raw, normalizedSet) = matchers(special: special)
        var splits: [PreTokenizedString.Split] = []
        if raw.isEmpty {
            splits.append(.init(start: 0, end: count))
        } else {
            raw.split(p, 0, count, into: &splits)
        }
        guard !normalizedSet.isEmpty else { return splits }
        var out: [PreTokenizedString.Split] = []
        for split in splits {
            if split.isOpen { normalizedSet.split(p, split.start, split.end, into: &out) } else { out.append(split) }
        }
        return out
    }

    /// Cuts the raw-text tokens (or, with `normalized`, the normalized-text ones) out of every
    /// open split of `text`; special tokens only with `special`.
    func extract(_ text: inout PreTokenizedString, normalized: Bool, special: Bool) {
        let m = matchers(special: special)
        let matcher = normalized ? m.normalized : m.raw
        guard text.normalized.bytes.withNonNullBytes({ matcher.mightMatch($0, $1) }) else { return }
        text.refine { p, start, end, out in matcher.split(p.baseAddress!, start, end, into: &out) }
    }

    /// Leftmost-longest matching of a set of added tokens.
    private struct Matcher: Sendable {
        let tokens: [AddedToken]
        let patterns: [[UInt8]]
        /// For each first byte, the pattern indices starting with it, longest first.
        let byFirstByte: [[Int]]
        /// For each byte, whether some pattern starts with it.
        let startsPattern: [Bool]
        /// The first byte of every pattern, when they all share one (`<` for `<|endoftext|>` and
        /// its kin), so a text can be searched for it with `memchr`.
        let sharedFirstByte: UInt8?

        init(_ tokens: [AddedToken]) {
            self.tokens = tokens
            let patterns = tokens.map { Array($0.content.utf8) }
            self.patterns = patterns
            var byFirst = [[Int]](repeating: [], count: 256)
            for (k, pattern) in patterns.enumerated() { byFirst[Int(pattern[0])].append(k) }
            for b in 0..<256 { byFirst[b].sort { patterns[$0].count > patterns[$1].count } }
            self.byFirstByte = byFirst
            self.startsPattern = byFirst.map { !$0.isEmpty }
            let firsts = Set(patterns.map { $0[0] })
            self.sharedFirstByte = firsts.count == 1 ? firsts.first : nil
        }

        var isEmpty: Bool { tokens.isEmpty }

        /// Whether some byte of `p[0 ..< count]` starts a pattern: `memchr` for a shared first
        /// byte, else one table look-up per byte. O(count).
        func mightMatch(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
            guard !tokens.isEmpty else { return false }
            if let first = sharedFirstByte { return memchr(p, Int32(first), count) != nil }
            return startsPattern.withUnsafeBufferPointer { starts in
                for i in 0..<count where starts[Int(p[i])] { return true }
                return false
            }
        }

        func split(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: inout [PreTokenizedString.Split]) {
            var open = start
            var i = start
            while i < end {
                if let first = sharedFirstByte {
                    guard let found = memchr(p + i, Int32(first), end - i) else { break }
                    i = UnsafeRawPointer(found) - UnsafeRawPointer(p)
                } else {
                    while i < end && !startsPattern.withUnsafeBufferPointer({ $0[Int(p[i])] }) { i += 1 }
                    if i == end { break }
                }
                let candidates = byFirstByte[Int(p[i])]
                var matched = -1
                for k in candidates {
                    let pattern = patterns[k]
                    if pattern.count <= end - i,
                        pattern.withUnsafeBufferPointer({ memcmpEqual(p + i, $0.baseAddress!, $0.count) })
                    {
                        matched = k
                        break
                    }
                }
                if matched < 0 { i += 1; continue }
                let token = tokens[matched]
                var s = i
                var e = i + patterns[matched].count
                if token.singleWord && (endsWithWordCharacter(p, start, s) || startsWithWordCharacter(p, e, end)) {
                    i = e
                    continue
                }
                if token.leftStrip { s = max(whiteSpaceStart(p, open, s), open) }
                if token.rightStrip { e = whiteSpaceEnd(p, e, end) }
                if open < s { out.append(.init(start: open, end: s)) }
                out.append(.init(start: s, end: e, token: token.id))
                open = e
                i = e
            }
            if open < end || (open == start && start == end) { out.append(.init(start: open, end: end)) }
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for k in 0..<n where a[k] != b[k] { return false }
    return true
}

/// The start of the character that ends at `end` (a step back over continuation bytes).
private func previousCharacterStart(_ p: UnsafePointer<UInt8>, _ lower: Int, _ end: Int) -> Int {
    var s = end - 1
    while s > lower, UTF8Bytes.isContinuation(p[s]) { s -= 1 }
    return s
}

private func endsWithWordCharacter(_ p: UnsafePointer<UInt8>, _ lower: Int, _ end: Int) -> Bool {
    guard end > lower else { return false }
    let s = previousCharacterStart(p, lower, end)
    return CharacterClasses.shared.isWordCharacter(UTF8Bytes.decode(p, s, end).0)
}

private func startsWithWordCharacter(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    guard start < end else { return false }
    return CharacterClasses.shared.isWordCharacter(UTF8Bytes.decode(p, start, end).0)
}

/// The start of the run of white space that ends at `end`.
private func whiteSpaceStart(_ p: UnsafePointer<UInt8>, _ lower: Int, _ end: Int) -> Int {
    var s = end
    while s > lower {
        let c = previousCharacterStart(p, lower, s)
        guard CharacterClasses.shared.isWhiteSpace(UTF8Bytes.decode(p, c, s).0) else { break }
        s = c
    }
    return s
}

/// The end of the run of white space that starts at `start`.
private func whiteSpaceEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    var e = start
    while e < end {
        let (c, n) = UTF8Bytes.decode(p, e, end)
        guard CharacterClasses.shared.isWhiteSpace(c) else { break }
        e += n
    }
    return e
}
