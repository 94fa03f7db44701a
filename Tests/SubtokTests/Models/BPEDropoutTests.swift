import Foundation
import Testing

@testable import Subtok

/// BPE-dropout: the probability bounds its two ends exactly (0: plain BPE, 1: no merge at all),
/// every sample is a segmentation of the text, and a seed makes samples reproducible in any
/// call order, thread or batch.
@Suite struct BPEDropoutTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/tiny-bytelevel.json").path

    /// The fixture with `"dropout"` set to `p`.
    static func tokenizer(dropout p: Double, seed: UInt64? = nil) throws -> Tokenizer {
        let json = try String(contentsOfFile: fixture, encoding: .utf8).replacingOccurrences(
            of: #""dropout": null"#, with: #""dropout": \#(p)"#)
        let tokenizer = try Array(json.utf8).withUnsafeBufferPointer { try Tokenizer.fromJSONBytes($0) }
        return try tokenizer.with(samplingSeed: seed)
    }

    static let texts = [
        "hello world", "hello hello world, hello!", "héllo wörld 😀 hello", String(repeating: "hello world ", count: 20),
    ]

    @Test func zeroIsPlainBPE() throws {
        let plain = try Tokenizer(contentsOfFile: Self.fixture)
        let zero = try Self.tokenizer(dropout: 0)
        for text in Self.texts { #expect(zero.encode(text).ids == plain.encode(text).ids) }
    }

    @Test func oneMergesNothing() throws {
        let all = try Self.tokenizer(dropout: 1)
        for text in Self.texts {
            let encoding = all.encode(text)
            #expect(encoding.ids.count == text.utf8.count, "\(text)")
            #expect(encoding.offsets.allSatisfy { $0.end - $0.start <= 4 })
        }
    }

    @Test func samplesAreSegmentationsThatVary() throws {
        let plain = try Tokenizer(contentsOfFile: Self.fixture)
        let half = try Self.tokenizer(dropout: 0.5)
        let text = Self.texts[3]
        var seen = Set<[UInt32]>()
        for _ in 0..<20 {
            let encoding = half.encode(text)
            #expect(try half.decode(encoding.ids) == text)
            #expect(encoding.ids.count >= plain.encode(text).ids.count)
            var end = 0
            for offset in encoding.offsets {
                #expect(offset.start == end || offset.start < end)
                end = max(end, offset.end)
            }
            #expect(end == text.utf8.count)
            seen.insert(encoding.ids)
        }
        #expect(seen.count > 10, "unseeded samples should differ")
    }

    @Test func aSeedReproducesSamplesInAnyOrder() throws {
        let seeded = try Self.tokenizer(dropout: 0.3, seed: 42)
        let again = try Self.tokenizer(dropout: 0.3, seed: 42)
        let other = try Self.tokenizer(dropout: 0.3, seed: 43)
        let texts = (0..<40).map { "\($0) " + Self.texts[$0 % Self.texts.count] }
        let first = texts.map { seeded.encode($0).ids }
        #expect(texts.reversed().map { again.encode($0).ids }.reversed() == first)
        #expect(seeded.encodeBatch(texts, threads: 4).map(\.ids) == first)
        var bytes = Array(texts[3].utf8)
        #expect(
            try bytes.withUnsafeMutableBufferPointer { try seeded.encodeIDs(utf8: UnsafeBufferPointer($0)) } == first[3]
        )
        #expect(texts.map { other.encode($0).ids } != first)
    }
}
