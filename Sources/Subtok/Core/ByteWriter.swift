/// Bytes written through a pointer into room made ahead: what an `Array` append loop costs
/// without the zero fill that making room in an array takes, and without a bounds check per
/// byte. The owner calls `array()` (the bytes, copied once) or `release()`; it grows by
/// doubling, so n bytes cost O(n) however they arrive.
struct ByteWriter {
    /// The first byte.
    private(set) var base: UnsafeMutablePointer<UInt8>
    /// The bytes written.
    private(set) var count = 0
    private var capacity: Int

    /// An empty writer with room for `capacity` bytes. O(1) (the memory is not touched).
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// The end of the bytes written, with room for at least `extra` more after it. Amortized
    /// O(1).
    @inline(__always)
    mutating func room(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count &+ extra > capacity { grow(count &+ extra) }
        return base + count
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        let bigger = max(needed, 2 * capacity)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = bigger
    }

    /// Counts `k` bytes written into `room` as written. O(1).
    @inline(__always)
    mutating func advance(_ k: Int) { count &+= k }

    /// Appends `bytes`. O(bytes).
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        room(bytes.count).update(from: source, count: bytes.count)
        count &+= bytes.count
    }

    /// Appends one byte. Amortized O(1).
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        room(1).pointee = byte
        count &+= 1
    }

    /// Drops the last `k` bytes (k ≤ `count`). O(1).
    mutating func removeLast(_ k: Int) { count -= k }

    /// Whether the bytes written end with `suffix`. O(suffix).
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count
            && UnsafeBufferPointer(start: base + count - suffix.count, count: suffix.count)
                .elementsEqual(suffix)
    }

    /// The bytes written as an array, the memory released. O(count).
    consuming func array() -> [UInt8] {
        let bytes = Array(UnsafeBufferPointer(start: base, count: count))
        base.deallocate()
        return bytes
    }

    /// Releases the memory without reading it. O(1).
    consuming func release() { base.deallocate() }
}
