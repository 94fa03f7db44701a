import Testing

@testable import Subtok

/// `FlatMerge.run` (the linear scan up to `shortLimit` symbols, the heap beyond) against the
/// slow rule written out: merge the adjacent pair of lowest rank, leftmost on ties, until none.
@Suite struct FlatMergeTests {
    /// A random merge table over ids 0..<8 and the ids it creates: ranks are drawn from a small
    /// range and a rank names its merged id, so different pairs share a rank and a result (as in
    /// tiktoken's rank files, where every split of a token has the token's rank).
    static func table(_ generator: inout SplitMix64) -> (PairTable, [UInt64: UInt64]) {
        var merges: [UInt64: UInt64] = [:]
        var ids: [UInt32] = Array(0..<8)
        for _ in 0..<40 {
            let left = ids[Int.random(in: 0..<ids.count, using: &generator)]
            let right = ids[Int.random(in: 0..<ids.count, using: &generator)]
            let key = UInt64(left) << 32 | UInt64(right)
            guard merges[key] == nil else { continue }
            let rank = UInt64.random(in: 0..<12, using: &generator)
            merges[key] = rank << 32 | (100 + rank)
            if !ids.contains(UInt32(100 + rank)) { ids.append(UInt32(100 + rank)) }
        }
        var pairs = PairTable(count: merges.count)
        for (key, value) in merges { pairs.insert(UInt32(key >> 32), UInt32(key & 0xFFFF_FFFF), value: value) }
        return (pairs, merges)
    }

    /// The slow rule over (id, start) symbols.
    static func reference(_ start: [(UInt32, Int32)], _ merges: [UInt64: UInt64]) -> [(UInt32, Int32)] {
        var symbols = start
        while symbols.count > 1 {
            var best = UInt64.max
            var at = -1
            for k in 0..<(symbols.count - 1) {
                if let v = merges[UInt64(symbols[k].0) << 32 | UInt64(symbols[k + 1].0)], v >> 32 < best >> 32 || at < 0
                {
                    best = v
                    at = k
                }
            }
            guard at >= 0 else { break }
            symbols[at].0 = UInt32(best & 0xFFFF_FFFF)
            symbols.remove(at: at + 1)
        }
        return symbols
    }

    @Test func matchesTheSlowRuleOnEitherSideOfTheScanLimit() {
        var generator = SplitMix64(seed: .random(in: .min ... .max))
        let lengths = [2, 3, 5, 17, FlatMerge.shortLimit - 1, FlatMerge.shortLimit, FlatMerge.shortLimit + 1, 100, 700]
        for _ in 0..<60 {
            let (pairs, merges) = Self.table(&generator)
            for n in lengths {
                let input = (0..<n).map { (UInt32.random(in: 0..<8, using: &generator), Int32($0 * 3)) }
                var buffer =
                    input.map { FlatMerge.Symbol(id: $0.0, start: $0.1) } + [
                        FlatMerge.Symbol(id: 0, start: Int32(n * 3))
                    ]
                let count = buffer.withUnsafeMutableBufferPointer {
                    FlatMerge.run($0.baseAddress!, count: n, pairs: pairs)
                }
                let expected = Self.reference(input, merges)
                #expect(buffer[..<count].map(\.id) == expected.map(\.0), "n = \(n)")
                #expect(buffer[..<count].map(\.start) == expected.map(\.1), "n = \(n)")
                #expect(buffer[count].start == Int32(n * 3))
            }
        }
    }
}
