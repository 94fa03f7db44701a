import CICU

/// Unicode normalization forms NFD, NFKD, NFC and NFKC (`"type": "NFD"` ...), with the
/// alignment `tokenizers` computes: the same decomposition buffer (canonical reordering of
/// pending non-starters) and recomposition state machine as its `unicode-normalization-
/// alignments` crate, each output character carrying a change count (0 replaces an input
/// character, +1 is inserted, -n also consumes n more) that `NormalizedString.transform` turns
/// into alignments. Character data comes from ICU. O(n).
public struct UnicodeNormalization: Normalizer {
    /// The four forms.
    public enum Form: String, Sendable { case nfd = "NFD", nfkd = "NFKD", nfc = "NFC", nfkc = "NFKC" }

    /// The form applied.
    public var form: Form

    /// Creates the normalizer.
    public init(_ form: Form) { self.form = form }

    /// Normalizes `text`. ASCII text is left untouched (every form is the identity there).
    public func normalize(_ text: inout NormalizedString) {
        if text.bytes.allSatisfy({ $0 < 0x80 }) { return }
        let compatibility = form == .nfkd || form == .nfkc
        var decomposed = Self.decompose(text.bytes, compatibility: compatibility)
        if form == .nfc || form == .nfkc { decomposed = Self.recompose(decomposed) }
        text.transform(decomposed)
    }

    /// The normalized bytes without alignments (the ids path and training): ASCII runs are
    /// copied (every form leaves ASCII as it is) and each stretch around non-ASCII characters
    /// is normalized on its own, from the ASCII character before it (which a mark may compose
    /// with) to two ASCII characters in a row (no composition has an ASCII second character,
    /// and reordering stops at a starter), so memory stays a few bytes per input byte. O(n).
    public func normalizedBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let p = text.baseAddress else { return [] }
        let n = text.count
        let compose = form == .nfc || form == .nfkc, compatibility = form == .nfkd || form == .nfkc
        var out: [UInt8] = []
        out.reserveCapacity(n + n / 8)
        var copied = 0
        var j = ByteLanes.asciiRunEnd(p, 0, n)
        while j < n {
            let start = j > copied ? j - 1 : j
            out.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: start - copied))
            var k = j
            while k < n, !(p[k] < 0x80 && (k + 1 == n || p[k + 1] < 0x80)) { k += 1 }
            var scalars = Self.decompose(
                Array(UnsafeBufferPointer(start: p + start, count: k - start)), compatibility: compatibility)
            if compose { scalars = Self.recompose(scalars) }
            for (c, _) in scalars { UTF8Bytes.append(c, to: &out) }
            copied = k
            j = ByteLanes.asciiRunEnd(p, k, n)
        }
        out.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: n - copied))
        return out
    }

    /// True when `text` is ASCII (every form leaves it as it is) or, for NFC, when every
    /// character is NFC-stable. O(n), eight ASCII bytes at a time.
    public func leavesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = text.baseAddress else { return true }
        let n = text.count
        var i = ByteLanes.asciiRunEnd(p, 0, n)
        guard i < n else { return true }
        guard form == .nfc else { return false }
        let classes = CharacterClasses.shared
        while i < n {
            if p[i] < 0x80 {
                i = ByteLanes.asciiRunEnd(p, i, n)
                continue
            }
            let (c, length) = UTF8Bytes.decode(p, i, n)
            guard classes.isNFCStable(c) else { return false }
            i += length
        }
        return true
    }

    /// Decomposes every character and sorts each run of non-starters by combining class
    /// (stable), keeping each character's change count (0 for the first character of a
    /// decomposition, 1 for the others).
    static func decompose(_ bytes: [UInt8], compatibility: Bool) -> [(UInt32, Int)] {
        var out: [(UInt32, Int)] = []
        out.reserveCapacity(bytes.count)
        var pending: [(ccc: UInt8, c: UInt32, change: Int)] = []
        func flush() {
            if pending.count > 1 { pending.sort { $0.ccc < $1.ccc } }
            for p in pending { out.append((p.c, p.change)) }
            pending.removeAll(keepingCapacity: true)
        }
        var buffer = [UInt32](repeating: 0, count: 64)
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let (c, n) = UTF8Bytes.decode(p.baseAddress!, i, p.count)
                i += n
                let count: Int
                if c < 0xA0 {
                    buffer[0] = c
                    count = 1
                } else {
                    count = Int(
                        buffer.withUnsafeMutableBufferPointer {
                            compatibility ? cicu_nfkd(c, $0.baseAddress, 64) : cicu_nfd(c, $0.baseAddress, 64)
                        })
                }
                for k in 0..<min(count, 64) {
                    let d = buffer[k]
                    let ccc = d < 0x300 ? 0 : cicu_combining_class(d)
                    if ccc == 0 { flush() }
                    pending.append((ccc, d, k == 0 ? 0 : 1))
                }
            }
        }
        flush()
        return out
    }

    /// Canonical composition over decomposed characters, as the crate's `Recompositions`:
    /// a composite takes the change `first + second - 1`.
    static func recompose(_ input: [(UInt32, Int)]) -> [(UInt32, Int)] {
        var out: [(UInt32, Int)] = []
        out.reserveCapacity(input.count)
        var composee: (UInt32, Int)?
        var lastClass: UInt8?
        var blocked: [(UInt32, Int)] = []
        func compose(_ a: UInt32, _ b: UInt32) -> UInt32? {
            let r = cicu_compose(a, b)
            return r < 0 ? nil : UInt32(r)
        }
        for (c, change) in input {
            let ccc = c < 0x300 ? 0 : cicu_combining_class(c)
            guard let k = composee else {
                if ccc != 0 { out.append((c, change)) } else { composee = (c, change) }
                continue
            }
            if let last = lastClass {
                if last >= ccc {
                    if ccc == 0 {
                        out.append(k)
                        out.append(contentsOf: blocked)
                        blocked.removeAll(keepingCapacity: true)
                        composee = (c, change)
                        lastClass = nil
                    } else {
                        blocked.append((c, change))
                        lastClass = ccc
                    }
                    continue
                }
                if let r = compose(k.0, c) {
                    composee = (r, k.1 + change - 1)
                } else {
                    blocked.append((c, change))
                    lastClass = ccc
                }
            } else if let r = compose(k.0, c) {
                composee = (r, k.1 + change - 1)
            } else if ccc == 0 {
                out.append(k)
                composee = (c, change)
            } else {
                blocked.append((c, change))
                lastClass = ccc
            }
        }
        if let k = composee { out.append(k) }
        out.append(contentsOf: blocked)
        return out
    }

    /// `{"type": "NFC"}` and so on.
    public var json: JSON { .object([("type", .string(form.rawValue))]) }
}

extension UnicodeNormalization {
    /// Reads `{"type": "NFD" | "NFKD" | "NFC" | "NFKC"}`. O(1) but for what the fields hold.
    init(json f: JSONFields) throws(SubtokError) {
        switch try f.string("type") {
        case "NFD": self.init(.nfd)
        case "NFKD": self.init(.nfkd)
        case "NFC": self.init(.nfc)
        case "NFKC": self.init(.nfkc)
        case let other: throw SubtokError(.format, "\(f.path).type \(other) is not a Unicode normalization form")
        }
    }
}
