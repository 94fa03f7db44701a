/// The byte-level offset trimming shared by the `ByteLevel` and `RobertaProcessing`
/// post-processors: a token's offsets drop its leading and trailing spaces (`Ġ` or white space
/// in the token string), except the single space added by `add_prefix_space` before the first
/// token. Mirrors `process_offsets` in Hugging Face `tokenizers`, which moves character offsets
/// by the number of space characters in the token string; Subtok's offsets are bytes, so it
/// moves them by as many characters of the original text (a prefix space aligned to a wide
/// character moves over that whole character, as it does there).
enum OffsetTrimming {
    /// Trims the offsets of `encoding` in place. O(tokens), plus the length of tokens whose
    /// string differs from the vocabulary's (`tokenOverrides`).
    static func trim(_ encoding: inout Encoding, addPrefixSpace: Bool) {
        let text = encoding.originalText, vocabulary = encoding.vocabulary, ids = encoding.ids,
            overrides = encoding.tokenOverrides
        text.withUnsafeBufferPointer { text in
            encoding.offsets.withUnsafeMutableBufferPointer { offsets in
                trim(offsets, in: text, addPrefixSpace: addPrefixSpace) { i in
                    if !overrides.isEmpty, let token = overrides[i] { return SpaceRuns(token) }
                    return vocabulary?.spaceRuns(of: ids[i]) ?? SpaceRuns(leading: 0, trailing: 0)
                }
            }
        }
    }

    /// Trims `offsets` (byte ranges in `text`), token `i` by `runs(i)`. O(tokens) plus the cost
    /// of `runs`.
    @inline(__always)
    static func trim(
        _ offsets: UnsafeMutableBufferPointer<TokenOffset>, in text: UnsafeBufferPointer<UInt8>, addPrefixSpace: Bool,
        runs: (Int) -> SpaceRuns
    ) {
        for i in 0..<offsets.count {
            let runs = runs(i)
            if runs.isEmpty { continue }
            var leading = runs.leading
            var offset = offsets[i]
            if leading > 0 {
                let isFirst = i == 0 || offset.start == 0
                if isFirst && addPrefixSpace && leading == 1 { leading = 0 }
                offset.start = min(forward(from: offset.start, characters: leading, in: text), offset.end)
            }
            if runs.trailing > 0, let moved = backward(from: offset.end, characters: runs.trailing, in: text) {
                offset.end = max(moved, offset.start)
            }
            offsets[i] = offset
        }
    }

    /// The offset `count` characters after `start` in `text` (stopping at its end).
    private static func forward(from start: Int, characters count: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        var at = start
        for _ in 0..<count where at < text.count {
            at += 1
            while at < text.count, UTF8Bytes.isContinuation(text[at]) { at += 1 }
        }
        return at
    }

    /// The offset `count` characters before `end` in `text`, or nil when fewer characters precede it.
    private static func backward(from end: Int, characters count: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var at = min(end, text.count)
        for _ in 0..<count {
            guard at > 0 else { return nil }
            at -= 1
            while at > 0, UTF8Bytes.isContinuation(text[at]) { at -= 1 }
        }
        return at
    }
}
