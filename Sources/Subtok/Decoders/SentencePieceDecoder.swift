/// Decoding as `sentencepiece` does for a `.model` file: control pieces vanish, the unknown
/// piece becomes its surface (` ⁇ `), runs of `<0xNN>` byte pieces become their bytes (each
/// invalid byte U+FFFD), U+2581 becomes a space, and the first piece's leading U+2581 (the dummy
/// prefix) is dropped when the model adds one or removes extra white space.
public struct SentencePieceDecoder: Decoder {
    /// Pieces by role, looked up by their text.
    let control: Set<String>
    let unknown: String
    let unknownSurface: String
    let bytePieces: [String: UInt8]
    /// `add_dummy_prefix || remove_extra_whitespaces`: strip the first leading U+2581.
    let stripLeadingSpace: Bool
    /// `remove_extra_whitespaces` (then a stripped prefix does not end the leading position).
    let removeExtraWhitespaces: Bool

    /// Decodes pieces into one string.
    public func decodeChain(_ tokens: [String]) -> [String] {
        var text: [UInt8] = []
        var pendingBytes: [UInt8] = []
        var expectLeadingSpace = true
        var leadingSpaceSeen = false
        func flushBytes() {
            var offset = 0
            pendingBytes.withUnsafeBufferPointer { b in
                while offset < b.count {
                    let length = UTF8Bytes.sequenceLength(lead: b[offset])
                    let valid =
                        offset + length <= b.count
                        && UTF8Bytes.firstInvalidOffset(UnsafeBufferPointer(rebasing: b[offset..<(offset + length)]))
                            == nil
                    if valid {
                        text.append(contentsOf: b[offset..<(offset + length)])
                        offset += length
                    } else {
                        text.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        offset += 1
                    }
                }
            }
            pendingBytes.removeAll()
        }
        for token in tokens {
            if let b = bytePieces[token] {
                pendingBytes.append(b)
                continue
            }
            flushBytes()
            if leadingSpaceSeen || !text.isEmpty { expectLeadingSpace = false }
            if control.contains(token) { continue }
            if token == unknown {
                text.append(contentsOf: unknownSurface.utf8)
                continue
            }
            var piece = Array(token.utf8)
            if expectLeadingSpace && stripLeadingSpace && piece.starts(with: [0xE2, 0x96, 0x81]) {
                piece.removeFirst(3)
                leadingSpaceSeen = !removeExtraWhitespaces
            }
            text.append(
                contentsOf: Array(
                    ByteStrings.replaceAll("\u{2581}", with: " ", in: String(decoding: piece, as: UTF8.self)).utf8))
        }
        flushBytes()
        return [String(decoding: text, as: UTF8.self)]
    }

    /// Not a `tokenizers` component; described for reference.
    public var json: JSON { .object([("type", .string("SentencePiece"))]) }
}
