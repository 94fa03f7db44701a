/// The byte-level decoder: every token's characters become the bytes they stand for in GPT-2's
/// alphabet (a token with a character outside it keeps its own UTF-8), and the bytes of all
/// tokens are read as UTF-8 with U+FFFD for invalid sequences. As `tokenizers`' ByteLevel decoder.
public struct ByteLevelDecoder: Decoder {
    /// Stored for round-tripping `tokenizer.json`.
    public var addPrefixSpace: Bool
    /// Stored for round-tripping `tokenizer.json`.
    public var trimOffsets: Bool
    /// Stored for round-tripping `tokenizer.json`.
    public var useRegex: Bool

    /// Creates the decoder.
    public init(addPrefixSpace: Bool = true, trimOffsets: Bool = true, useRegex: Bool = true) {
        self.addPrefixSpace = addPrefixSpace
        self.trimOffsets = trimOffsets
        self.useRegex = useRegex
    }

    /// One string: all tokens' bytes decoded together. O(total length).
    public func decodeChain(_ tokens: [String]) -> [String] {
        var bytes: [UInt8] = []
        for token in tokens { appendBytes(of: token, to: &bytes) }
        return [String(decoding: bytes, as: UTF8.self)]
    }

    /// True: each token stands for bytes.
    public var decodesTokensToBytes: Bool { true }

    /// Appends the bytes a byte-level token stands for (its UTF-8 when a character of it is not
    /// in the byte alphabet). O(token length).
    public func appendBytes(of token: String, to bytes: inout [UInt8]) {
        let mark = bytes.count
        for s in token.unicodeScalars {
            guard let b = ByteLevelAlphabet.byte(of: s) else {
                bytes.removeSubrange(mark...)
                bytes.append(contentsOf: token.utf8)
                return
            }
            bytes.append(b)
        }
    }

    /// `{"type": "ByteLevel", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("ByteLevel")), ("add_prefix_space", .bool(addPrefixSpace)),
            ("trim_offsets", .bool(trimOffsets)), ("use_regex", .bool(useRegex)),
        ])
    }
}

extension ByteLevelDecoder {
    /// Reads `{"type": "ByteLevel", "add_prefix_space", "trim_offsets", "use_regex"}` (a decoder). O(1) but for what
    /// the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            addPrefixSpace: try f.bool("add_prefix_space", default: true),
            trimOffsets: try f.bool("trim_offsets", default: true), useRegex: try f.bool("use_regex", default: true))
    }
}
