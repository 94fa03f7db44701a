/// SentencePiece-style spaces for `tokenizer.json` (`"type": "Metaspace"`): every space becomes
/// the replacement character (U+2581), one is prepended (`prepend_scheme` always, first: only at
/// the start of the text, never), and with `split` the text is cut before each replacement
/// character. As `tokenizers`' Metaspace. O(n).
public struct Metaspace: PreTokenizer {
    /// When to prepend the replacement.
    public enum PrependScheme: String, Sendable { case always, first, never }

    /// The replacement character.
    public let replacement: String
    /// When to prepend it.
    public let prependScheme: PrependScheme
    /// Cut before each replacement character.
    public let split: Bool

    /// Creates the pre-tokenizer.
    public init(replacement: String = "\u{2581}", prependScheme: PrependScheme = .always, split: Bool = true) {
        self.replacement = replacement
        self.prependScheme = prependScheme
        self.split = split
    }

    /// Replaces, prepends and splits every open split.
    public func preTokenize(_ text: inout PreTokenizedString) {
        let source = text.normalized.bytes
        let replacementBytes = Array(replacement.utf8)
        let scheme = prependScheme
        // Each space becomes the replacement, and each split may gain one in front.
        let spaces = source.withUnsafeBufferPointer { p in p.reduce(0) { $0 &+ ($1 == 0x20 ? 1 : 0) } }
        let growth = (replacementBytes.count - 1) * spaces + replacementBytes.count * text.splits.count
        text.rewriteOpenSplits(expectedCount: source.count + growth) { b, start, end in
            guard end > start else { return }
            let startsWithReplacement = source[start] == 0x20 || source[start..<end].starts(with: replacementBytes)
            if !startsWithReplacement && (scheme == .always || (scheme == .first && b.originalStart(of: start) == 0)) {
                b.insert(replacementBytes, alignedTo: start)
            }
            source.withUnsafeBufferPointer { p in
                var i = start
                while i < end {
                    let run = ByteLanes.spaceRunEnd(p.baseAddress!, i, end)
                    b.keep(i, run)
                    if run < end { b.insert(replacementBytes, alignedTo: run) }
                    i = run + 1
                }
            }
        }
        if split {
            let marker = replacementBytes
            text.refine { p, start, end, out in
                var pieceStart = start
                var i = start
                while i < end {
                    if p[i] == marker[0], i > pieceStart, i + marker.count <= end,
                        marker.withUnsafeBufferPointer({ bytesEqual(p.baseAddress! + i, $0.baseAddress!, $0.count) })
                    {
                        out.append(.init(start: pieceStart, end: i))
                        pieceStart = i
                    }
                    i += 1
                }
                if end > pieceStart { out.append(.init(start: pieceStart, end: end)) }
            }
        }
    }

    /// True.
    public var rewritesParts: Bool { true }

    /// `rewrittenPieces` of the text.
    public func rewrittenPieces(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?
    ) -> (bytes: [UInt8], ends: [Int])? {
        rewrittenPart(text, after: normalizer, at: 0)
    }

    /// What `preTokenize` makes of a part of a text, as bytes and piece ends without alignments:
    /// each space replaced, the replacement prepended unless the scheme is `never` or the part
    /// starts with a space or the replacement, and with `split` a piece before each replacement.
    /// One pass without a branch per byte, O(n). Only without a normalizer, and for a replacement
    /// of one character (as `tokenizers` requires), whose occurrences cannot overlap. A part of
    /// a text cut at added tokens is prepended to as `preTokenize` prepends to an open split:
    /// always, or (`first`) when it starts the text.
    public func rewrittenPart(
        _ text: UnsafeBufferPointer<UInt8>, after normalizer: (any Normalizer)?, at offset: Int
    ) -> (bytes: [UInt8], ends: [Int])? {
        guard normalizer == nil, replacement.unicodeScalars.count == 1 else { return nil }
        guard let t = text.baseAddress, !text.isEmpty else { return ([], []) }
        let marker = Array(replacement.utf8)
        let m = marker.count, count = text.count
        let prepend = prepends(to: text, at: offset)
        var bytes: [UInt8] = []
        let ends = [Int](unsafeUninitializedCapacity: count + 2) { endsOut, endCount in
            var e = 0
            bytes = [UInt8](unsafeUninitializedCapacity: count * m + m) { out, written in
                marker.withUnsafeBufferPointer { mark in
                    let o = out.baseAddress!, mk = mark.baseAddress!, first = mk[0]
                    var n = 0
                    if prepend {
                        for k in 0..<m { o[k] = mk[k] }
                        n = m
                    }
                    var i = 0
                    while i < count {
                        // Eight bytes at a time up to the next space or replacement's first
                        // byte: copied whole (the output has room: n + 8 ≤ i · m + m + 8 ≤ the
                        // capacity), then the position advances past the ordinary ones.
                        if count &- i >= 8 {
                            let x = UnsafeRawPointer(t + i).loadUnaligned(as: UInt64.self)
                            UnsafeMutableRawPointer(o + n).storeBytes(of: x, as: UInt64.self)
                            let stops = ByteLanes.equal(x, 0x20) | ByteLanes.equal(x, first)
                            let skipped = stops == 0 ? 8 : stops.trailingZeroBitCount >> 3
                            i &+= skipped
                            n &+= skipped
                            if stops == 0 { continue }
                        }
                        let b = t[i]
                        if b == first, i + m <= count, bytesEqual(t + i, mk, m) {
                            // The replacement itself in the text: a piece starts there too.
                            if split, n > 0 { endsOut[e] = n; e += 1 }
                            for k in 0..<m { o[n + k] = mk[k] }
                            n += m
                            i += m
                            continue
                        }
                        // A space writes the replacement, another byte itself (the replacement's
                        // other bytes, written anyway, are overwritten by what follows).
                        let space = b == 0x20
                        o[n] = space ? first : b
                        for k in 1..<m { o[n + k] = mk[k] }
                        endsOut[e] = n
                        e += space && split && n > 0 ? 1 : 0
                        n += space ? m : 1
                        i += 1
                    }
                    written = n
                }
            }
            endsOut[e] = bytes.count
            endCount = e + 1
        }
        return (bytes, ends)
    }

    /// Whether the replacement is prepended to `text` (a whole text, or the part of one that
    /// starts at byte `offset`): as the scheme says, unless it starts with a space or the
    /// replacement. O(1).
    func prepends(to text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let t = text.baseAddress, !text.isEmpty else { return false }
        return (prependScheme == .always || (prependScheme == .first && offset == 0)) && t[0] != 0x20
            && !text.starts(with: replacement.utf8)
    }

    /// `{"type": "Metaspace", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("Metaspace")), ("replacement", .string(replacement)),
            ("prepend_scheme", .string(prependScheme.rawValue)), ("split", .bool(split)),
        ])
    }
}

extension Metaspace {
    /// Reads `{"type": "Metaspace", "replacement", "prepend_scheme" (or the older "add_prefix_space"), "split"}`. O(1)
    /// but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            replacement: try f.optionalString("replacement") ?? "\u{2581}", prependScheme: try PrependScheme(json: f),
            split: try f.bool("split", default: true))
    }
}

extension Metaspace.PrependScheme {
    /// The scheme of a Metaspace pre-tokenizer or decoder at `f`: its `prepend_scheme`, or from
    /// the older `add_prefix_space` (true: always). O(1).
    init(json f: JSONFields) throws(SubtokError) {
        guard let name = try f.optionalString("prepend_scheme") else {
            self = try f.bool("add_prefix_space", default: true) ? .always : .never
            return
        }
        guard let scheme = Metaspace.PrependScheme(rawValue: name) else {
            throw SubtokError(.format, "\(f.path).prepend_scheme must be always, first or never, found \(quoted(name))")
        }
        self = scheme
    }
}
