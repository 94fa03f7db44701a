import Foundation
import Testing

@testable import Subtok

/// Properties over random valid UTF-8: byte-level models round-trip, offsets stay inside the
/// input and never go backwards, batch results equal single results.
@Suite struct PropertyTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/tiny-bytelevel.json").path

    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let pools: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x00...0x1F, 0xA0...0x24F, 0x300...0x36F, 0x4E00...0x4E80, 0x1F600...0x1F64F, 0x2000...0x206F,
        ]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...80, using: &generator) {
            let pool = pools.randomElement(using: &generator)!
            if let s = Unicode.Scalar(UInt32.random(in: pool, using: &generator)) { scalars.append(s) }
        }
        return String(scalars)
    }

    @Test func byteLevelRoundTripsAndOffsetsAreOrdered() throws {
        let t = try Tokenizer(contentsOfFile: Self.fixture)
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        var texts: [String] = []
        for _ in 0..<2000 {
            let text = Self.randomText(&generator)
            texts.append(text)
            let e = t.encode(text)
            #expect(try t.decode(e.ids, skipSpecialTokens: false) == text)
            var previous = 0
            for o in e.offsets {
                #expect(o.start >= 0 && o.start <= o.end && o.end <= text.utf8.count)
                #expect(o.start >= previous || o.start == o.end)
                previous = max(previous, o.start)
            }
        }
        let batch = t.encodeBatch(texts, threads: 4)
        #expect(batch.map(\.ids) == texts.map { t.encode($0).ids })
    }
}
