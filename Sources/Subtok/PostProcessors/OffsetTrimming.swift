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
        let text = encoding.originalText, vocabulary = encoding.vocabulary
        for i in 0..<encoding.count {
            let runs: SpaceRuns
            if !encoding.tokenOverrides.isEmpty, let token = encoding.tokenOverrides[i] {
                runs = SpaceRuns(token)
            } else {
                runs = vocabulary?.spaceRuns(of: encoding.ids[i]) ?? SpaceRuns(leading: 0, trailing: 0)
            }
            if runs.isEmpty { continue }
            var leading = runs.leading
            var offset = encoding.offsets[i]
            if leading > 0 {
                let isFirst = i == 0 || offset.start == 0
                if isFirst && addPrefixSpace && leading == 1 { leading = 0 }
                offset.start = min(forward(from: offset.start, characters: leading, in: text), offset.end)
            }
            if runs.trailing > 0, let moved = backward(from: offset.end, characters: runs.trailing, in: text) {
                offset.end = max(moved, offset.start)
            }
            encoding.offsets[i] = offset
        }
    }

    /// The offset `count` characters after `start` in `text` (stopping at its end).
    private static func forward(from start: Int, characters count: Int, in text: [UInt8]) -> Int {
        var at = start
        for _ in 0..<count where at < text.count {
            at += 1
            while at < text.count, UTF8Bytes.isContinuation(text[at]) { at += 1 }
        }
        return at
    }

    /// The offset `count` characters before `end` in `text`, or nil when fewer characters precede it.
    private static func backward(from end: Int, characters count: Int, in text: [UInt8]) -> Int? {
        var at = min(end, text.count)
        for _ in 0..<count {
            guard at > 0 else { return nil }
            at -= 1
            while at > 0, UTF8Bytes.isContinuation(text[at]) { at -= 1 }
        }
        return at
    }
}
