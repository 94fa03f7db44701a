import Testing

@testable import Subtok

/// The arithmetic `ScoreBinade` rests on: inside one binade a float sum T + s moves T by the
/// same amount for every T, except for a score that rounds a tie there, which ties in exactly
/// the binade `tieBinade` names.
@Suite struct ScoreBinadeTests {
    /// Floats of binade `k` (magnitudes in [2^k, 2^(k+1))), both signs, odd and even multiples
    /// of its unit, drawn from a fixed seed.
    static func totals(inBinade k: Int, count: Int) -> [Float] {
        var generator = SplitMix(seed: UInt64(k))
        let low = Float(sign: .plus, exponent: k, significand: 1)
        return (0..<count).map { _ in
            let t = low * (1 + Float(generator.next() % (1 << 23)) / Float(1 << 23))
            return generator.next() & 1 == 0 ? t : -t
        }
    }

    @Test func aScoreMovesEveryTotalOfABinadeAlikeUnlessItTiesThere() {
        var generator = SplitMix(seed: 7)
        for _ in 0..<400 {
            let score = -Float(generator.next() % 20_000_000) / 1_000_000
            for k in 4...16 where ScoreBinade.tieBinade(of: score) != UInt8(k) {
                let low = Float(sign: .plus, exponent: k, significand: 1)
                let moves = Set(
                    Self.totals(inBinade: k, count: 200).compactMap { t -> Float? in
                        let sum = t + score
                        return abs(sum) >= low && abs(sum) < 2 * low ? sum - t : nil
                    })
                #expect(moves.count <= 1, "score \(score) in binade \(k) moved totals by \(moves)")
            }
        }
    }

    @Test func aScoreThatTiesMovesEvenAndOddTotalsApart() {
        let score: Float = 0x1p-10  // half the unit (2^-9) of binade 14
        #expect(ScoreBinade.tieBinade(of: score) == 14)
        let even: Float = 16384, odd: Float = 16384 + 0x1p-9
        #expect((even + score) - even == 0)
        #expect((odd + score) - odd == 0x1p-9)  // to 16384 + 2^-8, the even neighbour
    }

    @Test func tieBinadesOfExactScores() {
        #expect(ScoreBinade.tieBinade(of: -3) == 24)  // 3 = 0b11: lowest bit 2^0, a tie where u = 2
        #expect(ScoreBinade.tieBinade(of: -0.75) == 22)  // 3 · 2^-2
        #expect(ScoreBinade.tieBinade(of: 0.5) == 23)
        #expect(ScoreBinade.tieBinade(of: 0x1p-10) == 14)  // half the unit of [16384, 32768)
        #expect(ScoreBinade.tieBinade(of: 0) == ScoreBinade.none)
        #expect(ScoreBinade.tieBinade(of: 0x1p-40) == ScoreBinade.none)
        #expect(ScoreBinade.bit(ScoreBinade.none) == 0)
        #expect(ScoreBinade.bit(14) == 1 << 14)
    }

    @Test func aBinadeHoldsEveryValueWithinTheSpread() {
        #expect(ScoreBinade.binade(of: -50_000, spread: 100) == 15)
        #expect(ScoreBinade.binade(of: 50_000, spread: 100) == 15)
        #expect(ScoreBinade.binade(of: -32_800, spread: 100) == nil)  // reaches below 32,768
        #expect(ScoreBinade.binade(of: -65_500, spread: 100) == nil)  // reaches 65,536
        #expect(ScoreBinade.binade(of: -65_400, spread: 100) == 15)
        #expect(ScoreBinade.binade(of: -0.5, spread: 0.1) == nil)  // near 0 every value is its own binade
        #expect(ScoreBinade.binade(of: -40, spread: 50) == nil)  // would cross 0
    }

    @Test func binadeKeysDifferFromTheWordsHashAndFromEachOther() {
        for hash: UInt64 in [1, 0x9E37_79B9_7F4A_7C15, .max] {
            let keys = (0..<64).map { ScoreBinade.key(hash, binade: $0) }
            #expect(Set(keys).count == 64)
            #expect(!keys.contains(hash))
            #expect(!keys.contains(0))
            #expect(Set(keys.map { $0 >> 48 }).count > 48)  // spread over the cache's sets
        }
    }
}
