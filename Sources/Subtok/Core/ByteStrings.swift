/// Byte-wise string operations. Swift's `String` methods compare grapheme clusters, so a
/// prefix `##` does not match `##ि` (the second `#` and the vowel sign form one cluster);
/// tokenizer files and the reference libraries compare bytes, and so do these.
enum ByteStrings {
    /// `text` without `prefix` when it starts with those bytes, else nil.
    static func dropPrefix(_ prefix: String, of text: String) -> String? {
        guard text.utf8.starts(with: prefix.utf8) else { return nil }
        return String(decoding: text.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
    }

    /// Every occurrence of `target` replaced by `replacement`, scanning left to right without
    /// overlaps (as Rust's `str::replace`).
    static func replaceAll(_ target: String, with replacement: String, in text: String) -> String {
        let t = Array(target.utf8)
        let bytes = Array(text.utf8)
        guard !t.isEmpty, bytes.count >= t.count else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var changed = false
        while i < bytes.count {
            if i + t.count <= bytes.count && bytes[i] == t[0] && bytes[i..<(i + t.count)].elementsEqual(t) {
                out.append(contentsOf: replacement.utf8)
                i += t.count
                changed = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// The two halves of `line` around its single space byte, or nil when it has not exactly one.
    static func splitPair(_ line: Substring) -> (String, String)? {
        let bytes = Array(line.utf8)
        guard let space = bytes.firstIndex(of: 0x20), space > 0, space < bytes.count - 1,
            !bytes[(space + 1)...].contains(0x20)
        else { return nil }
        return (
            String(decoding: bytes[..<space], as: UTF8.self), String(decoding: bytes[(space + 1)...], as: UTF8.self)
        )
    }
}
