/// Incremental decoding of one generated sequence, as `tokenizers`' `DecodeStream`: feed ids as
/// they come and get the text they complete, or nil while a character is still partial (a
/// byte-level token holding half of "é", a byte-fallback `<0xC3>`). Each step decodes a window
/// of the last few ids, so a leading space a decoder keeps only between tokens (Metaspace's
/// `▁world`) comes out right; for the usual decoders the text of all steps joined is the decode
/// of all ids.
///
/// Cost per step: one or two decodes of the window, which holds the ids since the last complete
/// character plus one: O(1) for text, growing only while ids keep ending in an incomplete or
/// replacement character (as in `tokenizers`). A stream is one sequence: give each its own.
public struct DecodeStream: Sendable {
    /// Whether special tokens are left out of the text.
    public let skipSpecialTokens: Bool
    /// The window: ids whose text is not all returned yet, after the ids of `prefix`.
    private var ids: [UInt32]
    /// The decode of `ids[..<prefixIndex]`, already returned.
    private var prefix = ""
    /// How many of `ids` `prefix` stands for.
    private var prefixIndex = 0

    /// A stream; `prefill` are ids already shown (a prompt), whose text `step` does not return
    /// again. O(1).
    public init(skipSpecialTokens: Bool = false, prefill: [UInt32] = []) {
        self.skipSpecialTokens = skipSpecialTokens
        self.ids = prefill
    }

    /// Adds `id` to the stream; returns the text it completes, or nil when it completes none.
    /// Throws `outOfRange` for an id outside the vocabulary (the stream is left as it was), and
    /// `invalidArgument` if the window's text stops beginning with the text already returned
    /// (`tokenizers`' `InvalidPrefix`: a decoder that rewrites earlier text).
    public mutating func step(_ tokenizer: Tokenizer, _ id: UInt32) throws(SubtokError) -> String? {
        try step(tokenizer, [id])
    }

    /// Adds several ids at once; returns the text they complete, or nil.
    public mutating func step(_ tokenizer: Tokenizer, _ newIDs: [UInt32]) throws(SubtokError) -> String? {
        if prefix.isEmpty && !ids.isEmpty {
            let text = try tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens)
            if !Self.endsInReplacement(text) {
                prefix = text
                prefixIndex = ids.count
            }
        }
        let before = ids.count
        ids.append(contentsOf: newIDs)
        let text: String
        do throws(SubtokError) { text = try tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens) } catch {
            ids.removeSubrange(before...)
            throw error
        }
        guard text.utf8.count > prefix.utf8.count, !Self.endsInReplacement(text) else { return nil }
        guard text.utf8.starts(with: prefix.utf8) else {
            ids.removeSubrange(before...)
            throw SubtokError(
                .invalidArgument,
                "decode stream: invalid prefix: the text of the window no longer begins with the text already returned: \(String(reflecting: prefix))"
            )
        }
        let new = String(decoding: text.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
        let newPrefixIndex = ids.count - prefixIndex
        ids.removeSubrange(..<prefixIndex)
        prefix = try tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens)
        prefixIndex = newPrefixIndex
        return new
    }

    /// Whether `text` ends with U+FFFD, the sign of a character still incomplete (by bytes, as
    /// `str::ends_with`, not by grapheme).
    private static func endsInReplacement(_ text: String) -> Bool {
        text.utf8.count >= 3 && text.utf8.suffix(3).elementsEqual([0xEF, 0xBF, 0xBD])
    }
}
