/// BERT's character rules as `tokenizers` reads them, where that differs from ICU 72: its
/// punctuation and mark tables are older than ICU's Unicode 15 and its lowercase mapping newer,
/// so 624 characters are white space, punctuation, removed, stripped or lowercased otherwise
/// there (U+061D ARABIC END OF TEXT MARK is punctuation to ICU, a letter to `tokenizers`).
/// `BertPreTokenizer` and `BertNormalizer` consult this table before ICU. The data
/// (`BertCharacterTable+Data.swift`) is written by `tools/make_bert_character_table.py`, which
/// probes the installed `tokenizers` one character at a time. O(1) per look-up: one bit test for
/// the characters not in the table.
enum BertCharacterTable {
    /// What `tokenizers` makes of one character.
    struct Entry: Sendable {
        /// A split for `BertPreTokenizer`, removed from pieces.
        let whiteSpace: Bool
        /// A piece of its own for `BertPreTokenizer`.
        let punctuation: Bool
        /// What cleaning (`clean_text`) makes of it: nothing, a space, or itself.
        let cleaned: [UInt32]
        /// What accent stripping makes of it (NFD without the marks `tokenizers` strips).
        let stripped: [UInt32]
        /// Its lowercase.
        let lowered: [UInt32]
    }

    /// The entries by code point.
    static let entries: [UInt32: Entry] = Dictionary(
        uniqueKeysWithValues: rows.map { row in
            (
                row.0,
                Entry(
                    whiteSpace: row.1 & 1 != 0, punctuation: row.1 & 2 != 0, cleaned: row.2, stripped: row.3,
                    lowered: row.4)
            )
        })

    /// One bit per code point: set for those in `entries`.
    private static let members: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x110000 / 64)
        for row in rows { bits[Int(row.0 >> 6)] |= 1 << UInt64(row.0 & 63) }
        return bits
    }()

    /// The entry of `c`, or nil when `tokenizers` reads it as ICU does.
    @inline(__always)
    static func entry(_ c: UInt32) -> Entry? {
        guard c >= 0x80, c < 0x110000, members[Int(c >> 6)] >> UInt64(c & 63) & 1 != 0 else { return nil }
        return entries[c]
    }
}
