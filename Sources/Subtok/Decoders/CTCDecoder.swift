/// The decoder of CTC speech models (`"type": "CTC"`, wav2vec2): repeated tokens collapse to
/// one, the padding token is removed from each, and with `cleanup` the word delimiter becomes a
/// space after WordPiece's clean-up of punctuation spacing (as `tokenizers`, which leaves the
/// delimiter as it is without `cleanup`). O(total length).
public struct CTCDecoder: Decoder {
    /// The blank token CTC emits between characters.
    public var padToken: String
    /// The token between words.
    public var wordDelimiterToken: String
    /// Whether to tidy spaces and turn the delimiter into a space.
    public var cleanup: Bool

    /// Creates the decoder (`tokenizers`' defaults).
    public init(padToken: String = "<pad>", wordDelimiterToken: String = "|", cleanup: Bool = true) {
        self.padToken = padToken
        self.wordDelimiterToken = wordDelimiterToken
        self.cleanup = cleanup
    }

    /// One piece per run of equal tokens that is not empty once cleaned.
    public func decodeChain(_ tokens: [String]) -> [String] {
        var pieces: [String] = []
        var previous: String?
        for token in tokens {
            defer { previous = token }
            if token == previous { continue }
            var piece = padToken.isEmpty ? token : ByteStrings.replaceAll(padToken, with: "", in: token)
            if cleanup {
                piece = WordPieceDecoder.cleanUp(piece)
                if !wordDelimiterToken.isEmpty {
                    piece = ByteStrings.replaceAll(wordDelimiterToken, with: " ", in: piece)
                }
            }
            if !piece.isEmpty { pieces.append(piece) }
        }
        return pieces
    }

    /// `{"type": "CTC", "pad_token": ..., "word_delimiter_token": ..., "cleanup": ...}`.
    public var json: JSON {
        .object([
            ("type", .string("CTC")), ("pad_token", .string(padToken)),
            ("word_delimiter_token", .string(wordDelimiterToken)), ("cleanup", .bool(cleanup)),
        ])
    }
}

extension CTCDecoder {
    /// Reads `{"type": "CTC", "pad_token", "word_delimiter_token", "cleanup"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(
            padToken: try f.optionalString("pad_token") ?? "<pad>",
            wordDelimiterToken: try f.optionalString("word_delimiter_token") ?? "|",
            cleanup: try f.bool("cleanup", default: true))
    }
}
