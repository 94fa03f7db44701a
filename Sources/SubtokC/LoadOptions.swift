import CSubtokShim
import Subtok

/// A caller's `subtok_load_options`, checked and read into Swift values: only the fields its
/// `size` covers (a caller built against an older header passes a smaller struct).
struct LoadOptions {
    /// `SUBTOK_LOAD_CASED`.
    var cased = false
    /// The named file kind, or nil (by content).
    var kind: TokenizerFileKind?
    /// The named split pattern, or nil.
    var pattern: Split.KnownPattern?
    /// The given special tokens, or nil (the file's own).
    var specialTokens: [(String, UInt32)]?

    /// The options at `options`; nil is the defaults. Throws `invalidArgument` for a size below
    /// the first version's, unknown flags, kind or pattern names, and special-token arrays
    /// that are NULL with a count.
    init(_ options: UnsafePointer<subtok_load_options>?) throws(SubtokError) {
        guard let options else { return }
        let size = options.pointee.size
        guard size >= MemoryLayout<subtok_load_options>.size else {
            throw SubtokError(.invalidArgument, "options->size is \(size); set it to sizeof(subtok_load_options)")
        }
        let o = options.pointee
        try checkFlags(o.flags, known: SUBTOK_LOAD_CASED, "load")
        cased = o.flags & SUBTOK_LOAD_CASED != 0
        if let name = o.kind {
            let text = try string(name, "options->kind")
            guard let known = TokenizerFileKind(rawValue: text) else {
                throw SubtokError(.invalidArgument, "unknown file kind \"\(text)\" (known: \(TokenizerFileKind.names))")
            }
            kind = known
        }
        if let name = o.pattern {
            let text = try string(name, "options->pattern")
            guard let known = Split.KnownPattern(rawValue: text) else {
                let names = Split.KnownPattern.allCases.map(\.rawValue).joined(separator: ", ")
                throw SubtokError(.invalidArgument, "unknown pattern \"\(text)\" (known: \(names))")
            }
            pattern = known
        }
        if let tokens = o.special_tokens {
            var given: [(String, UInt32)] = []
            if o.special_count > 0 {
                guard let ids = o.special_ids else {
                    throw SubtokError(.invalidArgument, "options->special_ids is NULL")
                }
                for k in 0..<o.special_count {
                    given.append((try string(tokens[k], "options->special_tokens[\(k)]"), ids[k]))
                }
            }
            specialTokens = given
        }
    }
}
