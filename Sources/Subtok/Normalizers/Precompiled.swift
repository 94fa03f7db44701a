/// SentencePiece's compiled normalization rules as `tokenizers` applies them
/// (`"type": "Precompiled"`): per grapheme cluster, the first rule matching a prefix of a cluster
/// shorter than 6 bytes replaces the whole cluster, else each character is looked up on its own.
/// This differs from `sentencepiece` itself (longest rule across characters), and `tokenizers`
/// is this file's oracle. Alignments follow its change counts. O(n).
public struct Precompiled: Normalizer {
    let charsmap: PrecompiledCharsmap

    /// Applies `charsmap` (a `.model`'s rules, converted to `tokenizer.json`).
    init(charsmap: PrecompiledCharsmap) {
        self.charsmap = charsmap
    }

    /// Reads the base64 `precompiled_charsmap` blob.
    init(base64 text: String) throws(SubtokError) {
        let bytes = Array(text.utf8)
        guard let blob = bytes.withUnsafeBufferPointer({ Base64.decode($0) }) else {
            throw SubtokError(.format, "normalizer.precompiled_charsmap is not valid base64")
        }
        charsmap = try PrecompiledCharsmap(blob)
    }

    /// Normalizes `text`.
    public func normalize(_ text: inout NormalizedString) {
        var items: [(UInt32, Int)] = []
        items.reserveCapacity(text.count)
        let string = String(decoding: text.bytes, as: UTF8.self)
        for grapheme in string {
            let bytes = Array(String(grapheme).utf8)
            if bytes.count < 6, let replacement = lookup(bytes) {
                Self.replace(&items, oldCount: grapheme.unicodeScalars.count, with: replacement)
                continue
            }
            for scalar in grapheme.unicodeScalars {
                if let replacement = lookup(Array(String(scalar).utf8)) {
                    Self.replace(&items, oldCount: 1, with: replacement)
                } else {
                    items.append((scalar.value, 0))
                }
            }
        }
        text.transform(items)
    }

    private func lookup(_ bytes: [UInt8]) -> [UInt32]? {
        bytes.withUnsafeBufferPointer { b in
            charsmap.shortestMatch(b.baseAddress!, 0, b.count).map { match in
                String(decoding: charsmap.replacement(match.value), as: UTF8.self).unicodeScalars.map(\.value)
            }
        }
    }

    /// `tokenizers`' change counts for replacing `oldCount` characters by `new`.
    static func replace(_ items: inout [(UInt32, Int)], oldCount: Int, with new: [UInt32]) {
        let diff = new.count - oldCount
        items.append(contentsOf: new.map { ($0, 0) })
        if diff > 0 {
            for k in (items.count - diff)..<items.count { items[k].1 = 1 }
        } else if diff < 0, !items.isEmpty {
            items[items.count - 1].1 += diff
        }
    }

    /// `{"type": "Precompiled", "precompiled_charsmap": base64}`.
    public var json: JSON {
        .object([("type", .string("Precompiled")), ("precompiled_charsmap", .string(Base64.encode(charsmap.blob)))])
    }
}
