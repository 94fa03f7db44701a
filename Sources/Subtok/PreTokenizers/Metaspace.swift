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
        let old = text.splits
        let source = text.normalized.bytes
        let replacementBytes = Array(replacement.utf8)
        var splits: [PreTokenizedString.Split] = []
        text.normalized.rebuild { b in
            var copied = 0
            for split in old {
                b.keep(copied, split.start)
                let start = b.count
                if split.isOpen && split.end > split.start {
                    let startsWithReplacement = source[split.start] == 0x20
                        || source[split.start..<split.end].starts(with: replacementBytes)
                    let atTextStart = b.originalStart(of: split.start) == 0
                    if !startsWithReplacement && (prependScheme == .always || (prependScheme == .first && atTextStart)) {
                        b.insert(replacementBytes, alignedTo: split.start)
                    }
                    var i = split.start
                    while i < split.end {
                        var run = i
                        while run < split.end && source[run] != 0x20 { run += 1 }
                        b.keep(i, run)
                        if run < split.end { b.insert(replacementBytes, alignedTo: run) }
                        i = run + 1
                    }
                } else {
                    b.keep(split.start, split.end)
                }
                copied = split.end
                splits.append(.init(start: start, end: b.count, token: split.token))
            }
            b.keep(copied, b.source.count)
        }
        text.splits = splits
        if split {
            let marker = replacementBytes
            text.refine { p, start, end, out in
                var pieceStart = start
                var i = start
                while i < end {
                    if i > pieceStart, i + marker.count <= end, marker.withUnsafeBufferPointer({ bytesEqual(p.baseAddress! + i, $0.baseAddress!, $0.count) }) {
                        out.append(.init(start: pieceStart, end: i))
                        pieceStart = i
                    }
                    i += 1
                }
                if end > pieceStart { out.append(.init(start: pieceStart, end: end)) }
            }
        }
    }

    /// `{"type": "Metaspace", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("Metaspace")), ("replacement", .string(replacement)),
            ("prepend_scheme", .string(prependScheme.rawValue)), ("split", .bool(split)),
        ])
    }
}
