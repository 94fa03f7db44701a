/// Removes up to `start` leading and `stop` trailing occurrences of a character from each token
/// (`"type": "Strip"`, as `tokenizers`).
public struct StripDecoder: Decoder {
    /// The character removed.
    public let content: Unicode.Scalar
    /// How many at most from the start.
    public let start: Int
    /// How many at most from the end.
    public let stop: Int

    /// Creates the decoder.
    public init(content: Unicode.Scalar, start: Int, stop: Int) {
        self.content = content
        self.start = start
        self.stop = stop
    }

    /// One piece per token.
    public func decodeChain(_ tokens: [String]) -> [String] {
        tokens.map { token in
            let scalars = Array(token.unicodeScalars)
            var from = 0
            while from < min(start, scalars.count) && scalars[from] == content { from += 1 }
            var to = scalars.count
            var removed = 0
            while removed < stop && to > from && scalars[to - 1] == content { to -= 1; removed += 1 }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[from..<to])
            return String(view)
        }
    }

    /// `{"type": "Strip", ...}`.
    public var json: JSON {
        .object([
            ("type", .string("Strip")), ("content", .string(String(content))), ("start", .number(Double(start))),
            ("stop", .number(Double(stop))),
        ])
    }
}

extension StripDecoder {
    /// Reads `{"type": "Strip", "content": one character, "start", "stop"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        let content = try f.string("content").unicodeScalars
        guard content.count == 1, let scalar = content.first else {
            throw SubtokError(.format, "\(f.path).content must be one character")
        }
        func count(_ key: String) throws(SubtokError) -> Int {
            Int(
                try f.optional(key).map { v throws(SubtokError) in try JSONFields.uint32(v, at: "\(f.path).\(key)") }
                    ?? 0)
        }
        self.init(content: scalar, start: try count("start"), stop: try count("stop"))
    }
}
