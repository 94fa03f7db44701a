/// A token added on top of the model's vocabulary (`<|endoftext|>`, `[CLS]`, user tokens).
/// Added tokens are cut out of the text before pre-tokenization, so they are never split.
public struct AddedToken: Sendable, Equatable {
    /// The token's id.
    public var id: UInt32
    /// The text it matches.
    public var content: String
    /// Match only when not inside a word (no word character touches either end).
    public var singleWord: Bool
    /// Also swallow the white space before a match.
    public var leftStrip: Bool
    /// Also swallow the white space after a match.
    public var rightStrip: Bool
    /// Match against the normalized text (true) or the raw input (false).
    public var normalized: Bool
    /// A special token: skipped by `decode(skipSpecialTokens: true)`.
    public var special: Bool

    /// Creates an added token; `normalized` defaults to the opposite of `special`, as in `tokenizers`.
    public init(
        id: UInt32, content: String, singleWord: Bool = false, leftStrip: Bool = false,
        rightStrip: Bool = false, normalized: Bool? = nil, special: Bool = false
    ) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
        self.normalized = normalized ?? !special
        self.special = special
    }

    /// The token as an entry of `added_tokens` in `tokenizer.json`.
    public var json: JSON {
        .object([
            ("id", .number(Double(id))), ("content", .string(content)), ("single_word", .bool(singleWord)),
            ("lstrip", .bool(leftStrip)), ("rstrip", .bool(rightStrip)), ("normalized", .bool(normalized)),
            ("special", .bool(special)),
        ])
    }
}
