/// The Metaspace decoder: U+2581 becomes a space, except in the first token when a replacement
/// is prepended (it is dropped there), as `tokenizers` does.
public struct MetaspaceDecoder: Decoder {
    /// The replacement character.
    public let replacement: String
    /// The pre-tokenizer's prepend scheme.
    public let prependScheme: Metaspace.PrependScheme
    /// Stored for round-tripping `tokenizer.json`.
    public let split: Bool

    /// Creates the decoder.
    public init(replacement: String = "\u{2581}", prependScheme: Metaspace.PrependScheme = .always, split: Bool = true)
    {
        self.replacement = replacement
        self.prependScheme = prependScheme
        self.split = split
    }

    /// One piece per token.
    public func decodeChain(_ tokens: [String]) -> [String] {
        tokens.enumerated().map { i, token in
            ByteStrings.replaceAll(replacement, with: i == 0 && prependScheme != .never ? "" : " ", in: token)
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

extension MetaspaceDecoder {
    /// Reads `{"type": "Metaspace", "replacement", "prepend_scheme" (or "add_prefix_space"), "split"}` (a decoder).
    /// O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            replacement: try f.optionalString("replacement") ?? "\u{2581}",
            prependScheme: try Metaspace.PrependScheme(json: f), split: try f.bool("split", default: true))
    }
}
