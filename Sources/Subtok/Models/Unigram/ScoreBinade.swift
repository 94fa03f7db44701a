/// Why a word's segmentation under `sentencepiece`'s float arithmetic can be reused wherever
/// the running total lies in one binade (magnitudes in [2^k, 2^(k+1))).
///
/// There every float is a multiple of u = 2^(k−23), so the total T is one, and the float sum
/// T + s of a score s that stays in the binade is exactly T + (s rounded to a multiple of u).
/// When every candidate of a word stays in the binade, each is T plus a sum that does not
/// depend on T, every comparison between two of them is the comparison of those sums, and the
/// word segments alike at every such T. Only a rounding tie (s an odd multiple of u/2, rounded
/// to the even neighbour, which depends on T) breaks this; a score ties in exactly one binade,
/// its `tieBinade`, so a word none of whose candidates ties at k may be reused throughout k.
enum ScoreBinade {
    /// The binade in which float sums with `score` can round a tie (`score` an odd multiple of
    /// 2^(k−24)), or `none` when that binade is outside 0 ..< 64 (or the score is 0). O(1).
    static func tieBinade(of score: Float) -> UInt8 {
        guard score.isNormal else { return none }
        let significand = UInt32(1) << 23 | score.significandBitPattern
        let lowestBit = Int(score.exponent) - 23 + significand.trailingZeroBitCount
        let binade = lowestBit + 24
        return (0..<64).contains(binade) ? UInt8(binade) : none
    }

    /// No binade (for `tieBinade`).
    static let none: UInt8 = 0xFF

    /// The bit of `tieBinade` in a mask of binades (0 for `none`).
    @inline(__always)
    static func bit(_ tieBinade: UInt8) -> UInt64 {
        tieBinade < 64 ? 1 << UInt64(tieBinade) : 0
    }

    /// The binade k holding every value within `spread` of `total` (|total| ± spread in
    /// [2^k, 2^(k+1)), never crossing 0), or nil. O(1).
    @inline(__always)
    static func binade(of total: Double, spread: Double) -> Int? {
        let low = abs(total) - spread, high = abs(total) + spread
        guard low >= 1 else { return nil }
        let k = Int(low.exponent)
        guard k < 63, high < Double(UInt64(1) << UInt64(k + 1)) else { return nil }
        return k
    }

    /// A word cache key for a word's entry valid throughout binade `k`: its `hash` mixed with k
    /// (never `hash` itself, nor 0), so it sits apart from the word's other entries.
    @inline(__always)
    static func key(_ hash: UInt64, binade k: Int) -> UInt64 {
        (hash ^ (UInt64(k + 1) &* 0xD6E8_FEB8_6659_FD93 & ~1)) | 1
    }
}
