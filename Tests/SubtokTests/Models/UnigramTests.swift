import Testing

@testable import Subtok

/// Unigram under `tokenizers`' rules through the piece caches: a piece's tokens and offsets
/// from the caches equal those of its first, uncached segmentation; pieces holding the unknown
/// token are never cached.
@Suite struct UnigramTests {
    static func model() throws -> Unigram {
        let pieces: [(String, Double, Unigram.PieceType)] = [
            ("<unk>", 0, .unknown), ("▁", -2, .normal), ("a", -3, .normal), ("b", -3, .normal), ("ab", -2, .normal),
            ("▁ab", -1, .normal), ("ba", -2.5, .normal), ("▁b", -4, .normal),
        ]
        return try Unigram(pieces: pieces, unknownID: 0, byteFallback: false, sentencePieceRules: false)
    }

    /// The ids and byte offsets of `pieces` (consecutive pieces of one text) in one call.
    func encode(_ model: Unigram, _ pieces: [String]) -> (ids: [UInt32], offsets: [[Int]]) {
        var output = ModelOutput(capacity: 16, withOffsets: true)
        let bytes = Array(pieces.joined().utf8)
        var ends: [Int] = []
        for piece in pieces { ends.append((ends.last ?? 0) + piece.utf8.count) }
        bytes.withUnsafeBufferPointer { text in
            ends.withUnsafeBufferPointer { model.tokenizePieces(text, 0, $0, into: &output) }
        }
        return (output.ids, output.offsets.map { [$0.start, $0.end] })
    }

    @Test func cachedPiecesGiveTheirFirstSegmentation() throws {
        let model = try Self.model()
        let pieces = ["▁ab", "▁bab", "▁xxab", "▁abba"]
        // ▁ab | ▁b ab (−4 −2 against ▁ ba b: −2 −2.5 −3) | ▁ unk(xx) ab | ▁ab ba
        let expected: [UInt32] = [5, 7, 4, 1, 0, 4, 5, 6]
        let offsets = [[0, 5], [5, 9], [9, 11], [11, 14], [14, 16], [16, 18], [18, 23], [23, 25]]
        let cold = encode(model, pieces)
        let warm = encode(model, pieces)
        #expect(cold.ids == expected)
        #expect(cold.offsets == offsets)
        #expect(warm.ids == cold.ids)
        #expect(warm.offsets == cold.offsets)
    }
}
