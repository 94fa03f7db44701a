import Testing

@testable import Subtok

@Suite struct TruncationTests {
    func encoding(_ n: Int) -> Encoding {
        Encoding(
            ids: (0..<n).map(UInt32.init), offsets: (0..<n).map { TokenOffset(start: $0, end: $0 + 1) }, vocabulary: nil
        )
    }

    @Test func rightTruncationWithStrideOverlaps() {
        var e = encoding(10)
        e.truncate(to: 4, stride: 1, direction: .right)
        #expect(e.ids == [0, 1, 2, 3])
        #expect(e.overflowing.map(\.ids) == [[3, 4, 5, 6], [6, 7, 8, 9]])
    }

    @Test func leftTruncationKeepsTheEnd() {
        var e = encoding(7)
        e.truncate(to: 3, stride: 0, direction: .left)
        #expect(e.ids == [4, 5, 6])
        #expect(e.overflowing.map(\.ids) == [[1, 2, 3], [0]])
    }

    @Test func strideNotBelowTheLengthCutsWithoutTrapping() {
        var e = encoding(5)
        e.truncate(to: 2, stride: 5, direction: .right)
        #expect(e.ids == [0, 1])
        #expect(e.overflowing.isEmpty)
    }

    @Test func longestFirstBalancesPairs() {
        var a = encoding(10)
        var b: Encoding? = encoding(3)
        Truncation(maxLength: 8).apply(&a, &b, reserved: 0)
        #expect(a.count == 5 && b?.count == 3)
        var c = encoding(10)
        var d: Encoding? = encoding(9)
        Truncation(maxLength: 7).apply(&c, &d, reserved: 0)
        #expect(c.count == 4 && d?.count == 3)
    }

    @Test func paddingFillsMasksAndRespectsTheMultiple() {
        var list = [encoding(3), encoding(5)]
        Padding(strategy: .batchLongest, direction: .left, padToMultipleOf: 4, padID: 9).apply(&list)
        #expect(list[0].ids == [9, 9, 9, 9, 9, 0, 1, 2])
        #expect(list[0].attentionMask == [0, 0, 0, 0, 0, 1, 1, 1])
        #expect(list[1].specialTokensMask == [1, 1, 1, 0, 0, 0, 0, 0])
    }
}
