/// SentencePiece's compiled normalization rules (`precompiled_charsmap`): a Darts double-array
/// trie over UTF-8 inputs whose values index a blob of NUL-terminated replacement strings. The
/// blob is validated at load and every trie step is bounds-checked, so a corrupt map is an
/// error or a no-match, never an out-of-bounds read.
struct PrecompiledCharsmap: Sendable {
    /// The blob as read (for writing it back).
    let blob: [UInt8]
    private let units: [UInt32]
    private let normalized: [UInt8]

    /// Reads the blob: a little-endian UInt32 trie size, the trie, then the strings.
    init(_ blob: [UInt8]) throws(SubtokError) {
        guard blob.count > 4 else { throw SubtokError(.format, "precompiled_charsmap is too short") }
        let trieSize = Int(UInt32(blob[0]) | UInt32(blob[1]) << 8 | UInt32(blob[2]) << 16 | UInt32(blob[3]) << 24)
        guard trieSize % 4 == 0, trieSize < blob.count - 4 else {
            throw SubtokError(
                .format, "precompiled_charsmap: the trie size \(trieSize) does not fit the blob of \(blob.count) bytes")
        }
        var units = [UInt32](repeating: 0, count: trieSize / 4)
        for k in 0..<units.count {
            let at = 4 + 4 * k
            units[k] =
                UInt32(blob[at]) | UInt32(blob[at + 1]) << 8 | UInt32(blob[at + 2]) << 16 | UInt32(blob[at + 3]) << 24
        }
        guard !units.isEmpty else { throw SubtokError(.format, "precompiled_charsmap has an empty trie") }
        self.blob = blob
        self.units = units
        self.normalized = Array(blob[(4 + trieSize)...])
    }

    /// The longest rule matching a prefix of `p[start ..< end]`: its input length and the range of
    /// its replacement in `replacements`, or nil. (Darts `commonPrefixSearch`, longest result.)
    func longestMatch(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (length: Int, value: Range<Int>)? {
        search(p, start, end, stopAtFirst: false)
    }

    /// The shortest rule matching a prefix of `p[start ..< end]` (the first result of the
    /// search, which `tokenizers`' Precompiled normalizer uses).
    func shortestMatch(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (length: Int, value: Range<Int>)? {
        search(p, start, end, stopAtFirst: true)
    }

    private func search(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, stopAtFirst: Bool
    ) -> (length: Int, value: Range<Int>)? {
        var best: (Int, Int)?
        units.withUnsafeBufferPointer { u in
            var node = 0
            node ^= Self.offset(u[0])
            var i = start
            while i < end {
                node ^= Int(p[i])
                guard node >= 0, node < u.count else { return }
                let unit = u[node]
                guard unit & (UInt32(1) << 31 | 0xFF) == UInt32(p[i]) else { return }
                node ^= Self.offset(unit)
                i += 1
                if (unit >> 8) & 1 == 1 {
                    guard node >= 0, node < u.count else { return }
                    best = (i - start, Int(u[node] & ((1 << 31) - 1)))
                    if stopAtFirst { return }
                }
            }
        }
        guard let (length, value) = best, value < normalized.count else { return nil }
        var stop = value
        while stop < normalized.count && normalized[stop] != 0 { stop += 1 }
        return (length, value..<stop)
    }

    /// Whether some rule's input starts with `prefix` (a walk down the trie). O(prefix length).
    func hasRule(startingWith prefix: [UInt8]) -> Bool {
        prefix.withUnsafeBufferPointer { hasRule(startingWith: $0) }
    }

    /// Whether some rule's input starts with the bytes of `prefix`. O(prefix length).
    func hasRule(startingWith prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        units.withUnsafeBufferPointer { u in
            var node = Self.offset(u[0])
            for b in prefix {
                node ^= Int(b)
                guard node >= 0, node < u.count else { return false }
                let unit = u[node]
                guard unit & (UInt32(1) << 31 | 0xFF) == UInt32(b) else { return false }
                node ^= Self.offset(unit)
            }
            return true
        }
    }

    /// The ASCII bytes that are left as they are whenever an ASCII byte (or the end) follows:
    /// no rule starts with the byte alone or with the byte and an ASCII byte. O(128 · 128).
    func asciiKeptBeforeASCII() -> [Bool] {
        var kept = [Bool](repeating: false, count: 256)
        for b in UInt8(0)..<0x80 {
            guard hasRule(startingWith: [b]) else {
                kept[Int(b)] = true
                continue
            }
            let alone = [b].withUnsafeBufferPointer { longestMatch($0.baseAddress!, 0, 1) }
            kept[Int(b)] = alone == nil && (UInt8(0)..<0x80).allSatisfy { !hasRule(startingWith: [b, $0]) }
        }
        return kept
    }

    /// The replacement bytes of a match.
    func replacement(_ range: Range<Int>) -> ArraySlice<UInt8> { normalized[range] }

    /// The replacement bytes of a match, without copying (valid while the charsmap lives).
    func replacementBytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        normalized.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[range]) }
    }

    /// The offset field of a Darts unit.
    @inline(__always)
    private static func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }
}
