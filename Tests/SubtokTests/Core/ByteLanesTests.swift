@testable import Subtok
import Testing

@Suite struct ByteLanesTests {
    /// Random words, biased toward the bytes next to each bound, against a byte-by-byte check.
    @Test func matchesAByteByByteCheck() {
        var random = SplitMix64(seed: 3)
        let near: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xFF, 0x61]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in random.next() % 2 == 0 ? near[Int(random.next() % UInt64(near.count))] : UInt8(truncatingIfNeeded: random.next()) }
            let x = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            for bound in [UInt8(1), 0x20, 0x80] {
                let mask = ByteLanes.below(x, UInt64(bound))
                let first = bytes.firstIndex { $0 < bound }
                #expect((mask != 0) == (first != nil), "\(bytes) below \(bound)")
                if let first { #expect(mask.trailingZeroBitCount / 8 == first, "\(bytes) below \(bound)") }
            }
            #expect((ByteLanes.aboveTilde(x) != 0) == bytes.contains { $0 > 0x7E }, "\(bytes)")
        }
    }
}
