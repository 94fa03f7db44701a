/// Removes white space at the start and/or end (`"type": "Strip"`). O(n).
public struct Strip: Normalizer {
    /// Strip the start.
    public var left: Bool
    /// Strip the end.
    public var right: Bool

    /// Creates the normalizer.
    public init(left: Bool = true, right: Bool = true) {
        self.left = left
        self.right = right
    }

    /// Strips `text`.
    public func normalize(_ text: inout NormalizedString) {
        let bytes = text.bytes
        let (start, end) = bytes.withUnsafeBufferPointer { kept($0) }
        guard start > 0 || end < bytes.count else { return }
        text.rebuild { $0.keep(start, end) }
    }

    /// The stripped bytes (the ids path and training). O(white space stripped).
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let (start, end) = kept(text)
        return Array(UnsafeBufferPointer(rebasing: text[start..<end]))
    }

    /// The byte range of `p` that stripping keeps.
    private func kept(_ p: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        guard let base = p.baseAddress else { return (0, 0) }
        let classes = CharacterClasses.shared
        var start = 0
        var end = p.count
        if left {
            while start < end {
                let (c, n) = UTF8Bytes.decode(base, start, end)
                guard BertPreTokenizer.isWhiteSpace(c, classes) else { break }
                start += n
            }
        }
        if right {
            while end > start {
                var s = end - 1
                while s > start, UTF8Bytes.isContinuation(p[s]) { s -= 1 }
                guard BertPreTokenizer.isWhiteSpace(UTF8Bytes.decode(base, s, end).0, classes) else { break }
                end = s
            }
        }
        return (start, end)
    }

    /// `{"type": "Strip", "strip_left": ..., "strip_right": ...}`.
    public var json: JSON {
        .object([("type", .string("Strip")), ("strip_left", .bool(left)), ("strip_right", .bool(right))])
    }
}

extension Strip {
    /// Reads `{"type": "Strip", "strip_left", "strip_right"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        self.init(left: try f.bool("strip_left", default: true), right: try f.bool("strip_right", default: true))
    }
}
