/// The byte-level offset trimming shared by the `ByteLevel` and `RobertaProcessing`
/// post-processors: a token's offsets drop its leading and trailing spaces (`Ġ` or white space
/// in the token string), except the single space added by `add_prefix_space` before the first
/// token. Mirrors `process_offsets` in Hugging Face `tokenizers`.
enum OffsetTrimming {
    private static let spaceScalar = Unicode.Scalar(0x120)! // Ġ

    @inline(__always)
    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == spaceScalar || CharacterClasses.shared.isWhiteSpace(s.value)
    }

    /// Trims the offsets of `encoding` in place. O(total token length).
    static func trim(_ encoding: inout Encoding, addPrefixSpace: Bool) {
        guard let vocabulary = encoding.vocabulary else { return }
        for i in 0..<encoding.count {
            guard let token = vocabulary.token(for: encoding.ids[i]) else { continue }
            let scalars = token.unicodeScalars
            var leading = 0
            for s in scalars { if isSpace(s) { leading += 1 } else { break } }
            if leading == 0, let last = scalars.last, !isSpace(last) { continue }
            var trailing = 0
            for s in scalars.reversed() { if isSpace(s) { trailing += 1 } else { break } }
            var offset = encoding.offsets[i]
            if leading > 0 {
                let isFirst = i == 0 || offset.start == 0
                if isFirst && addPrefixSpace && leading == 1 { leading = 0 }
                offset.start = min(offset.start + leading, offset.end)
            }
            if trailing > 0 && offset.end >= trailing {
                offset.end = max(offset.end - trailing, offset.start)
            }
            encoding.offsets[i] = offset
        }
    }
}
