/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64) for the stochastic
/// encodings: BPE-dropout and sampling. Each encode call owns one, so a tokenizer shared by
/// threads needs no lock, and a seed makes every sample reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator started at `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator seeded from `seed` and the bytes of `text` (and which sequence of a pair it
    /// is): the same seed gives the same draws for the same text, in any call order, thread or
    /// batch. O(text length).
    public init(seed: UInt64, text: UnsafeBufferPointer<UInt8>, sequence: Int) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(text.count) ^ (UInt64(sequence) << 56)
        var i = 0
        while i + 8 <= text.count {
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(text[i + k]) << (8 * UInt64(k)) }
            hash = (hash ^ word) &* 0x0000_0100_0000_01B3
            hash ^= hash >> 29
            i += 8
        }
        while i < text.count {
            hash = (hash ^ UInt64(text[i])) &* 0x0000_0100_0000_01B3
            i += 1
        }
        var mixer = SplitMix64(seed: seed ^ hash)
        state = mixer.next()
    }

    /// The next 64 random bits. O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform float in [0, 1), from the top 24 bits. O(1).
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }
}
