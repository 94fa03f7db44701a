import Testing

@testable import Subtok

/// SentencePiece BPE word by word through the piece caches: a word's tokens and offsets from
/// the caches equal those of its first, uncached encoding.
@Suite struct SentencePieceBPETests {
    /// A byte-fallback model: `<unk>`, 256 byte pieces, `▁`, letters, and merges whose scores
    /// favour `▁the`, then `he`.
    static func model() throws -> SentencePieceBPE {
        var pieces: [(String, Double, Unigram.PieceType)] = [("<unk>", 0, .unknown)]
        for b in 0..<256 { pieces.append((UnknownPieces.bytePiece(UInt8(b)), 0, .byte)) }
        for (k, piece) in ["▁", "t", "h", "e", "a", "▁t", "he", "▁the", "▁a"].enumerated() {
            pieces.append((piece, piece.count == 1 ? -10 - Double(k) : -Double(k), .normal))
        }
        return try SentencePieceBPE(pieces: pieces, unknownID: 0, byteFallback: true)
    }

    /// The ids and byte offsets of `text` (SentencePiece-escaped) as one call.
    func encode(_ model: SentencePieceBPE, _ text: String) -> (ids: [UInt32], offsets: [[Int]]) {
        var output = ModelOutput(capacity: 16, withOffsets: true)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { model.tokenize($0, 0, $0.count, into: &output) }
        return (output.ids, output.offsets.map { [$0.start, $0.end] })
    }

    @Test func cachedWordsGiveTheirFirstEncoding() throws {
        let model = try Self.model()
        let id = { (piece: String) in model.id(for: piece)! }
        // `\n` is one byte piece covering one byte; `é` two byte pieces, each covering the
        // whole character, as `sentencepiece` reports them.
        let word = "▁the\nthe▁é▁a"
        let expected: [UInt32] = [
            id("▁the"), id("<0x0A>"), id("t"), id("he"), id("▁"), id("<0xC3>"), id("<0xA9>"), id("▁a"),
        ]
        let offsets = [[0, 6], [6, 7], [7, 8], [8, 10], [10, 13], [13, 15], [13, 15], [15, 19]]
        let text = String(repeating: word, count: 4)
        let cold = encode(model, text)
        let warm = encode(model, text)
        #expect(Array(cold.ids.prefix(8)) == expected)
        #expect(Array(cold.offsets.prefix(8)) == offsets)
        #expect(warm.ids == cold.ids)
        #expect(warm.offsets == cold.offsets)
        #expect(cold.ids == Array(repeating: expected, count: 4).flatMap { $0 })
        let shift = word.utf8.count
        #expect(cold.offsets == (0..<4).flatMap { k in offsets.map { [$0[0] + k * shift, $0[1] + k * shift] } })
    }
}
