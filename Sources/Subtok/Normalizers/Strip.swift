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
        let classes = CharacterClasses.shared
        let bytes = text.bytes
        var start = 0
        var end = bytes.count
        bytes.withUnsafeBufferPointer { p in
            if left {
                while start < end {
                    let (c, n) = UTF8Bytes.decode(p.baseAddress!, start, end)
                    guard BertPreTokenizer.isWhiteSpace(c, classes) else { break }
                    start += n
                }
            }
            if right {
                while end > start {
                    var s = end - 1
                    while s > start, UTF8Bytes.isContinuation(p[s]) { s -= 1 }
                    guard BertPreTokenizer.isWhiteSpace(UTF8Bytes.decode(p.baseAddress!, s, end).0, classes) else { break }
                    end = s
                }
            }
        }
        guard start > 0 || end < bytes.count else { return }
        text.rebuild { $0.keep(start, end) }
    }

    /// `{"type": "Strip", "strip_left": ..., "strip_right": ...}`.
    public var json: JSON { .object([("type", .string("Strip")), ("strip_left", .bool(left)), ("strip_right", .bool(right))]) }
}
