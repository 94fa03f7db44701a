/// The non-ASCII characters below U+10000 that a SentencePiece normalizer copies as they are: no
/// rule of its charsmap and no user-defined symbol starts with them (all of them under identity
/// normalization; most CJK characters under NFKC). One bit per code point (8 KiB).
struct KeptCharacters: Sendable {
    private let bits: [UInt64]
    /// Every non-ASCII character is kept (identity normalization, no non-ASCII user-defined
    /// symbol): runs are found eight bytes at a time.
    private let keepsAll: Bool

    /// The kept characters of `charsmap` (nil: identity) and `userDefined` symbols. A trie walk
    /// per two-byte prefix of a three-byte character, and per character only under prefixes
    /// some rule starts with: about a millisecond for NFKC.
    init(charsmap: PrecompiledCharsmap?, userDefined: [[UInt8]]) {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        func hasRule(_ bytes: [UInt8]) -> Bool { charsmap?.hasRule(startingWith: bytes) ?? false }
        func keep(_ scalar: Int) { bits[scalar >> 6] |= 1 << UInt64(scalar & 63) }
        for scalar in 0x80..<0x800 where !hasRule(Self.utf8(scalar)) { keep(scalar) }
        for high in 0x800 >> 6..<0x10000 >> 6 where !(0xD800 >> 6..<0xE000 >> 6).contains(high) {
            let prefix = Array(Self.utf8(high << 6).prefix(2))
            let ruled = hasRule(prefix)
            for scalar in high << 6..<(high + 1) << 6 where !ruled || !hasRule(Self.utf8(scalar)) { keep(scalar) }
        }
        for symbol in userDefined where symbol[0] >= 0x80 {
            let length = UTF8Bytes.sequenceLength(lead: symbol[0])
            if length <= 3, length <= symbol.count, let scalar = Self.scalar(symbol, length) {
                bits[scalar >> 6] &= ~(1 << UInt64(scalar & 63))
            }
        }
        self.bits = bits
        keepsAll = charsmap == nil && userDefined.allSatisfy { $0[0] < 0x80 }
    }

    /// The UTF-8 bytes of a code point below U+10000.
    private static func utf8(_ scalar: Int) -> [UInt8] {
        scalar < 0x800
            ? [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
            : [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F)]
    }

    /// The code point of the `length`-byte character that starts `bytes`.
    private static func scalar(_ bytes: [UInt8], _ length: Int) -> Int? {
        switch length {
        case 2: return Int(bytes[0] & 0x1F) << 6 | Int(bytes[1] & 0x3F)
        case 3: return Int(bytes[0] & 0x0F) << 12 | Int(bytes[1] & 0x3F) << 6 | Int(bytes[2] & 0x3F)
        default: return nil
        }
    }

    /// The end of the run of kept characters of the valid UTF-8 `p[from ..< n]` (`from` itself
    /// when the first is not kept): two- and three-byte ones, and with `keepsAll` every
    /// non-ASCII one. O(run length).
    @inline(__always)
    func runEnd(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        if keepsAll { return Self.nonASCIIRunEnd(p, from, n) }
        return bits.withUnsafeBufferPointer { bits in
            var i = from
            while i < n {
                let lead = p[i]
                let scalar: Int
                let length: Int
                if lead >= 0xC0 && lead < 0xE0 && i + 1 < n {
                    scalar = Int(lead & 0x1F) << 6 | Int(p[i + 1] & 0x3F)
                    length = 2
                } else if lead >= 0xE0 && lead < 0xF0 && i + 2 < n {
                    scalar = Int(lead & 0x0F) << 12 | Int(p[i + 1] & 0x3F) << 6 | Int(p[i + 2] & 0x3F)
                    length = 3
                } else {
                    break
                }
                guard bits[scalar >> 6] & (1 << UInt64(scalar & 63)) != 0 else { break }
                i += length
            }
            return i
        }
    }

    /// The end of the run of non-ASCII bytes at `from` (whole characters: a run of valid UTF-8
    /// ends at an ASCII byte or the text's end), eight bytes per step.
    @inline(__always)
    private static func nonASCIIRunEnd(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        var end = from
        let raw = UnsafeRawPointer(p)
        while end + 8 <= n, ~raw.loadUnaligned(fromByteOffset: end, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            end += 8
        }
        while end < n && p[end] >= 0x80 { end += 1 }
        return end
    }

    /// Appends the alignment of copied characters `p[from ..< to]`: each byte to its character.
    static func align(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ alignment: inout [UInt32]) {
        var i = from
        while i < to {
            let length = UTF8Bytes.sequenceLength(lead: p[i])
            for _ in 0..<length {
                alignment.append(NormalizedString.position(i))
                alignment.append(NormalizedString.position(i + length))
            }
            i += length
        }
    }
}
