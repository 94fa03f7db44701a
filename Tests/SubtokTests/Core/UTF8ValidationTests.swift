import Testing

@testable import Subtok

@Suite struct UTF8ValidationTests {
    /// Where the standard library's UTF-8 parser meets its first error, or nil.
    private func firstError(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// ASCII runs of every length around the 8- and 32-byte steps, with valid multi-byte
    /// characters and broken sequences (stray, truncated, overlong, surrogate, past U+10FFFF)
    /// at every position, against the standard library's parser.
    @Test func firstInvalidOffsetMatchesTheStandardParser() {
        var random = SplitMix64(seed: 5)
        let good: [[UInt8]] = [Array("é".utf8), Array("€".utf8), Array("𓀀".utf8)]
        let bad: [[UInt8]] = [
            [0xFF], [0x80], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F],
        ]
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 5) {
                bytes += (0..<Int(random.next() % 41)).map { _ in UInt8(0x20 + random.next() % 0x5F) }
                switch random.next() % 4 {
                case 0: bytes += bad[Int(random.next() % UInt64(bad.count))]
                case 1: bytes += good[Int(random.next() % UInt64(good.count))]
                default: break
                }
            }
            let ours = bytes.withUnsafeBufferPointer { UTF8Bytes.firstInvalidOffset($0) }
            #expect(ours == firstError(bytes), "\(bytes)")
        }
    }

    /// Runs of multi-byte characters with no ASCII between them (Japanese text), broken by
    /// stray, truncated, overlong and surrogate sequences and leads of every kind, at the end
    /// too, against the standard library's parser.
    @Test func multiByteRunsMatchTheStandardParser() {
        var random = SplitMix64(seed: 11)
        let good: [[UInt8]] = ["日", "本", "語", "ア", "é", "𓀀", "\u{E000}", "\u{D7FF}", "\u{FFFD}"].map { Array($0.utf8) }
        let bad: [[UInt8]] = [
            [0xE0, 0x9F, 0x80], [0xED, 0xA0, 0x80], [0xE3, 0x81], [0xE3], [0xE3, 0x41, 0x81], [0xE5, 0x81, 0xC0],
            [0xEF, 0xBF], [0xF0, 0x8F, 0x80, 0x80], [0xC1, 0x80], [0xBF],
        ]
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 12) {
                bytes += good[Int(random.next() % UInt64(good.count))]
                if random.next() % 8 == 0 { bytes += bad[Int(random.next() % UInt64(bad.count))] }
            }
            let ours = bytes.withUnsafeBufferPointer { UTF8Bytes.firstInvalidOffset($0) }
            #expect(ours == firstError(bytes), "\(bytes)")
        }
    }
}
