import Glibc

/// An immutable-after-build hash map from byte strings to `UInt32` values: all keys live in one
/// byte arena, slots are open-addressed with linear probing and keep a 32-bit hash beside the
/// entry index, so a miss rarely touches the arena. Used for token -> id look-ups on the encode
/// path instead of `Dictionary<String, _>` (which hashes with SipHash and normalizes).
struct ByteStringTable: Sendable {
    private var arena: [UInt8] = []
    private var starts: [UInt32] = [0]
    private var values: [UInt32] = []
    /// High 32 bits: hash; low 32 bits: entry index + 1 (0 = empty slot).
    private var slots: [UInt64]
    private var mask: Int

    /// The number of keys stored.
    var count: Int { values.count }

    /// Creates an empty table sized for about `capacity` keys without growing.
    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 8)
        starts.reserveCapacity(capacity + 1)
        values.reserveCapacity(capacity)
    }

    /// A fast non-cryptographic hash of `n` bytes at `p` (word-at-a-time multiply-xorshift).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 31
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    /// Inserts `key` -> `value`; returns false (and changes nothing) when `key` is already present.
    mutating func insert<C: Collection>(_ key: C, value: UInt32) -> Bool where C.Element == UInt8 {
        let bytes = Array(key)
        if (values.count + 1) * 2 > slots.count { grow() }
        let h = bytes.withNonNullBytes { Self.hash($0, $1) }
        if bytes.withNonNullBytes({ findEntry($0, $1, hash: h) }) != nil { return false }
        arena.append(contentsOf: bytes)
        starts.append(UInt32(arena.count))
        values.append(value)
        place(hash: h, entry: values.count)
        return true
    }

    private mutating func place(hash h: UInt64, entry: Int) {
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(entry)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for e in 0..<values.count {
            let lo = Int(starts[e]), hi = Int(starts[e + 1])
            let h = arena.withUnsafeBufferPointer { Self.hash($0.baseAddress! + lo, hi - lo) }
            place(hash: h, entry: e + 1)
        }
    }

    /// The value stored for the `n` bytes at `p`, or nil. Cost: one hash and, on a hash match,
    /// one byte comparison.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        findEntry(p, n, hash: Self.hash(p, n)).map { values[$0] }
    }

    /// The entry number (0 ..< count, in insertion order) of the `n` bytes at `p`, inserting them
    /// with `value` when absent: one hash for both. Used to count words while training.
    @inline(__always)
    mutating func entry(inserting p: UnsafePointer<UInt8>, _ n: Int, value: UInt32) -> (entry: Int, inserted: Bool) {
        let h = Self.hash(p, n)
        if let e = findEntry(p, n, hash: h) { return (e, false) }
        if (values.count + 1) * 2 > slots.count { grow() }
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        starts.append(UInt32(arena.count))
        values.append(value)
        place(hash: h, entry: values.count)
        return (values.count - 1, true)
    }

    /// Calls `body` with the key bytes of entry `e` (0 ..< count).
    func withKey<R, E: Error>(_ e: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try arena.withUnsafeBufferPointer { (a) throws(E) -> R in
            try body(UnsafeBufferPointer(rebasing: a[Int(starts[e])..<Int(starts[e + 1])]))
        }
    }

    /// The value of entry `e` (0 ..< count).
    func value(_ e: Int) -> UInt32 { values[e] }

    /// The bytes held by all keys together.
    var keyBytes: Int { arena.count }

    /// The value stored for `key`, or nil.
    func lookup<C: Collection>(_ key: C) -> UInt32? where C.Element == UInt8 {
        let bytes = Array(key)
        return bytes.withNonNullBytes { lookup($0, $1) }
    }

    @inline(__always)
    private func findEntry(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int? {
        let tag = h & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                starts.withUnsafeBufferPointer { starts in
                    var s = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let slot = slots[s]
                        if slot == 0 { return nil }
                        if slot & 0xFFFF_FFFF_0000_0000 == tag {
                            let e = Int(slot & 0xFFFF_FFFF) - 1
                            let lo = Int(starts[e]), hi = Int(starts[e + 1])
                            if hi - lo == n && bytesEqual(arena.baseAddress! + lo, p, n) {
                                return e
                            }
                        }
                        s = (s + 1) & mask
                    }
                }
            }
        }
    }
}

/// Whether `n` bytes at `a` and `b` are equal; word-at-a-time, so short keys (most tokens) avoid
/// a call to `memcmp`.
@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    if n > 32 { return memcmp(a, b, n) == 0 }
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var i = 0
    while i + 8 <= n {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        {
            return false
        }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

extension Array where Element == UInt8 {
    /// Calls `body` with a non-null pointer to the bytes and their count (a valid dummy pointer
    /// when the array is empty, so hashing and comparing need no special case).
    @inline(__always)
    func withNonNullBytes<R, E: Error>(_ body: (UnsafePointer<UInt8>, Int) throws(E) -> R) throws(E) -> R {
        try withUnsafeBufferPointer { (b) throws(E) -> R in
            if let base = b.baseAddress { return try body(base, b.count) }
            var zero: UInt8 = 0
            return try withUnsafePointer(to: &zero) { (z) throws(E) -> R in try body(z, 0) }
        }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Calls `body` with a non-null pointer to the bytes and their count.
    @inline(__always)
    func withNonNull<R, E: Error>(_ body: (UnsafePointer<UInt8>, Int) throws(E) -> R) throws(E) -> R {
        if let base = baseAddress { return try body(base, count) }
        var zero: UInt8 = 0
        return try withUnsafePointer(to: &zero) { (z) throws(E) -> R in try body(z, 0) }
    }
}
