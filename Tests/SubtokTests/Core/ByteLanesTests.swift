import Testing

@testable import Subtok

@Suite struct ByteLanesTests {
    /// Random words, biased toward the bytes next to each bound, against a byte-by-byte check.
    @Test func matchesAByteByByteCheck() {
        var random = SplitMix64(seed: 3)
        let near: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xFF, 0x61]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in
                random.next() % 2 == 0
                    ? near[Int(random.next() % UInt64(near.count))] : UInt8(truncatingIfNeeded: random.next())
            }
            let x = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            for bound in [UInt8(1), 0x20, 0x80] {
                let mask = ByteLanes.below(x, UInt64(bound))
                let first = bytes.firstIndex { $0 < bound }
                #expect((mask != 0) == (first != nil), "\(bytes) below \(bound)")
                if let first { #expect(mask.trailingZeroBitCount / 8 == first, "\(bytes) below \(bound)") }
            }
            #expect((ByteLanes.aboveTilde(x) != 0) == bytes.contains { $0 > 0x7E }, "\(bytes)")
            for byte in near {
                let lanes = ByteLanes.equalLanes(x, byte)
                for k in 0..<8 {
                    #expect(
                        (lanes >> (8 * UInt64(k) + 7)) & 1 == (bytes[k] == byte ? 1 : 0),
                        "\(bytes) lane \(k) equal to \(byte)")
                }
                #expect(lanes & ~ByteLanes.high == 0)
                let mask = ByteLanes.equal(x, byte)
                let first = bytes.firstIndex(of: byte)
                #expect((mask != 0) == (first != nil), "\(bytes) equal to \(byte)")
                if let first { #expect(mask.trailingZeroBitCount / 8 == first, "\(bytes) equal to \(byte)") }
            }
        }
    }

    /// Every byte value in every lane, beside random neighbours, against a per-byte check.
    @Test func asciiLettersAndLowercaseAreExact() {
        var random = SplitMix64(seed: 5)
        for value in 0...255 {
            for lane in 0..<8 {
                var bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes[lane] = UInt8(value)
                let x = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
                let mask = ByteLanes.asciiLetters(x)
                for k in 0..<8 {
                    let letter = (0x41...0x5A).contains(bytes[k]) || (0x61...0x7A).contains(bytes[k])
                    #expect((mask >> (8 * UInt64(k) + 7)) & 1 == (letter ? 1 : 0), "\(bytes) lane \(k)")
                    #expect(ByteLanes.isASCIILetter(bytes[k]) == letter)
                    let lower = (0x61...0x7A).contains(bytes[k])
                    #expect(
                        (ByteLanes.asciiLowercase(x) >> (8 * UInt64(k) + 7)) & 1 == (lower ? 1 : 0),
                        "\(bytes) lane \(k)")
                    #expect(ByteLanes.isASCIILowercase(bytes[k]) == lower)
                }
                #expect(mask & ~ByteLanes.high == 0)
            }
        }
    }

    /// Runs of letters (and lower-case letters) of every length at every alignment, ended by every kind of byte.
    @Test func asciiLetterRunEndFindsTheFirstOtherByte() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let length = Int(random.next() % 40)
            var bytes = (0..<length).map { _ in
                UInt8(truncatingIfNeeded: 0x61 + random.next() % 26) & (random.next() % 2 == 0 ? 0xDF : 0xFF)
            }
            if random.next() % 4 != 0 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            bytes += (0..<Int(random.next() % 12)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let start = Int(random.next() % UInt64(max(1, min(length, 5))))
            let expected =
                bytes[start...].firstIndex { !((0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)) }
                ?? bytes.count
            let found = bytes.withUnsafeBufferPointer { b in
                b.isEmpty ? 0 : ByteLanes.asciiLetterRunEnd(b.baseAddress!, start, b.count)
            }
            #expect(found == (bytes.isEmpty ? 0 : expected), "\(bytes) from \(start)")
            let expectedLower = bytes[start...].firstIndex { !(0x61...0x7A).contains($0) } ?? bytes.count
            let foundLower = bytes.withUnsafeBufferPointer { b in
                b.isEmpty ? 0 : ByteLanes.asciiLowercaseRunEnd(b.baseAddress!, start, b.count)
            }
            #expect(foundLower == (bytes.isEmpty ? 0 : expectedLower), "\(bytes) from \(start)")
            let expectedPrintable = bytes[start...].firstIndex { !(0x20...0x7E).contains($0) } ?? bytes.count
            let foundPrintable = bytes.withUnsafeBufferPointer { b in
                b.isEmpty ? 0 : ByteLanes.printableRunEnd(b.baseAddress!, start, b.count)
            }
            #expect(foundPrintable == (bytes.isEmpty ? 0 : expectedPrintable), "\(bytes) from \(start)")
        }
    }
}
