/// A minimal protocol-buffers wire-format reader (varints, 32/64-bit fixed, length-delimited),
/// enough for SentencePiece's `ModelProto`. Every read is bounds-checked: truncated or corrupt
/// input is a format error naming the byte offset, never a crash.
struct ProtobufReader {
    private let p: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int
    private let end: Int

    /// A reader over `p[start ..< end]`.
    init(_ p: UnsafeBufferPointer<UInt8>, start: Int = 0, end: Int? = nil) {
        self.p = p
        self.offset = start
        self.end = end ?? p.count
    }

    /// True when every field has been read.
    var isAtEnd: Bool { offset >= end }

    private func error(_ what: String) -> SubtokError {
        SubtokError(.format, "corrupt protobuf at byte \(offset): \(what)")
    }

    /// The next varint.
    mutating func varint() throws(SubtokError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw error("truncated varint") }
            let b = p[offset]
            offset += 1
            guard shift < 64 else { throw error("varint longer than 10 bytes") }
            value |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The next field's number and wire type, or nil at the end.
    mutating func field() throws(SubtokError) -> (number: Int, wireType: Int)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        guard key >> 3 > 0, key >> 3 < 1 << 29 else { throw error("invalid field number") }
        return (Int(key >> 3), Int(key & 7))
    }

    /// The range of the next length-delimited value.
    mutating func lengthDelimited() throws(SubtokError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - offset) else { throw error("length \(length) runs past the end") }
        let range = offset..<(offset + Int(length))
        offset += Int(length)
        return range
    }

    /// The next 32-bit float.
    mutating func float() throws(SubtokError) -> Float {
        guard end - offset >= 4 else { throw error("truncated float") }
        var bits: UInt32 = 0
        for k in 0..<4 { bits |= UInt32(p[offset + k]) << (8 * UInt32(k)) }
        offset += 4
        return Float(bitPattern: bits)
    }

    /// Skips a field of `wireType`.
    mutating func skip(_ wireType: Int) throws(SubtokError) {
        switch wireType {
        case 0: _ = try varint()
        case 1:
            guard end - offset >= 8 else { throw error("truncated 64-bit field") }
            offset += 8
        case 2: _ = try lengthDelimited()
        case 5:
            guard end - offset >= 4 else { throw error("truncated 32-bit field") }
            offset += 4
        default: throw error("unsupported wire type \(wireType)")
        }
    }

    /// The bytes of a range as a string (invalid UTF-8 is a format error).
    func string(_ range: Range<Int>) throws(SubtokError) -> String {
        let slice = UnsafeBufferPointer(rebasing: p[range])
        guard UTF8Bytes.firstInvalidOffset(slice) == nil else {
            throw SubtokError(.format, "corrupt protobuf at byte \(range.lowerBound): a string is not UTF-8")
        }
        return String(decoding: slice, as: UTF8.self)
    }

    /// The bytes of a range.
    func bytes(_ range: Range<Int>) -> [UInt8] { Array(p[range]) }

    /// A reader for a nested message.
    func nested(_ range: Range<Int>) -> ProtobufReader {
        ProtobufReader(p, start: range.lowerBound, end: range.upperBound)
    }
}
