import Foundation
import Testing

@testable import Subtok

/// Unigram n-best and sampling against brute force: every segmentation of a short text is
/// enumerated and scored, so the n-best order and the sampling distribution are known exactly.
@Suite struct UnigramSamplingTests {
    static let pieces: [(String, Double, Unigram.PieceType)] = [
        ("<unk>", 0, .unknown), ("a", -2, .normal), ("b", -2.5, .normal), ("c", -3.1, .normal),
        ("ab", -3.3, .normal), ("bc", -3.7, .normal), ("abc", -5.9, .normal), ("ca", -4.2, .normal),
    ]

    static func model() throws -> Unigram {
        try Unigram(pieces: pieces, unknownID: 0, byteFallback: false)
    }

    /// Every segmentation of `text` into pieces, with its score (float-rounded piece scores,
    /// as the model scores them).
    static func segmentations(_ text: [UInt8]) -> [(ids: [UInt32], score: Double)] {
        if text.isEmpty { return [([], 0)] }
        var out: [(ids: [UInt32], score: Double)] = []
        for (id, piece) in pieces.enumerated() where piece.2 == .normal {
            let bytes = Array(piece.0.utf8)
            guard text.starts(with: bytes) else { continue }
            for rest in segmentations(Array(text[bytes.count...])) {
                out.append(([UInt32(id)] + rest.ids, Double(Float(piece.1)) + rest.score))
            }
        }
        return out
    }

    @Test func nBestListsEverySegmentationBestFirst() throws {
        let model = try Self.model()
        for text in ["abcab", "abcabca", "cab"] {
            let bytes = Array(text.utf8)
            let all = Self.segmentations(bytes).sorted { $0.score > $1.score }
            let best = bytes.withUnsafeBufferPointer { model.nBest($0.baseAddress!, $0.count, count: 1000) }
            // Equal sums of the same pieces in another order tie; ties may come in either order.
            #expect(Set(best.map(\.path)) == Set(all.map(\.ids)) && best.count == all.count, "\(text)")
            for (a, b) in zip(best, all) { #expect(abs(a.score - b.score) < 1e-9, "\(text)") }
            let scores = Dictionary(all.map { ($0.ids, $0.score) }, uniquingKeysWith: { a, _ in a })
            for (a, b) in zip(best, best.dropFirst()) { #expect(scores[a.path]! >= scores[b.path]! - 1e-9) }
            let three = bytes.withUnsafeBufferPointer { model.nBest($0.baseAddress!, $0.count, count: 3) }
            #expect(three.map(\.score) == Array(best.prefix(3)).map(\.score))
        }
    }

    func draws(_ tokenizer: Tokenizer, _ text: String, _ count: Int) -> [[UInt32]: Int] {
        var seen: [[UInt32]: Int] = [:]
        for _ in 0..<count { seen[tokenizer.encode(text).ids, default: 0] += 1 }
        return seen
    }

    @Test func samplingFollowsTheExactDistribution() throws {
        let alpha = 0.7
        let tokenizer = try Tokenizer(model: try Self.model()).with(sampling: try Sampling(alpha: alpha, nbestSize: -1))
        let text = "abcab"
        let all = Self.segmentations(Array(text.utf8))
        let top = all.map(\.score).max()!
        let z = all.map { exp(alpha * ($0.score - top)) }.reduce(0, +)
        let count = 20_000
        let seen = draws(tokenizer, text, count)
        var distance = 0.0
        for segmentation in all {
            let expected = exp(alpha * (segmentation.score - top)) / z
            distance += abs(Double(seen[segmentation.ids] ?? 0) / Double(count) - expected)
        }
        #expect(Set(seen.keys).isSubset(of: Set(all.map(\.ids))))
        #expect(distance / 2 < 0.03, "total variation \(distance / 2)")
    }

    @Test func nBestSamplingDrawsOnlyAmongTheBest() throws {
        let text = "abcabca"
        let all = Self.segmentations(Array(text.utf8)).sorted { $0.score > $1.score }
        #expect(all[3].score > all[4].score + 1e-9, "the fourth best must not tie the fifth")
        let uniform = try Tokenizer(model: try Self.model()).with(sampling: try Sampling(alpha: 0, nbestSize: 4))
        #expect(Set(draws(uniform, text, 400).keys) == Set(all.prefix(4).map(\.ids)))
        let off = try Tokenizer(model: try Self.model()).with(sampling: try Sampling(alpha: 0.5, nbestSize: 1))
        #expect(off.sampling == nil)
        #expect(Set(draws(off, text, 20).keys) == [all[0].ids])
    }

    @Test func aSeedReproducesSamples() throws {
        let sampling = try Sampling(alpha: 0.2, nbestSize: -1)
        let seeded = try Tokenizer(model: try Self.model()).with(sampling: sampling).with(samplingSeed: 9)
        let texts = (0..<30).map { String(repeating: "abc", count: $0 % 5 + 1) + "ab\($0)" }
        let first = texts.map { seeded.encode($0).ids }
        #expect(seeded.encodeBatch(texts, threads: 3).map(\.ids) == first)
        #expect(texts.reversed().map { seeded.encode($0).ids }.reversed() == first)
        #expect(throws: SubtokError.self) { try Sampling(alpha: 0.1, nbestSize: 513) }
        #expect(throws: SubtokError.self) { try Sampling(alpha: -1, nbestSize: -1) }
    }
}
