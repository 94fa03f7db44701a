import Glibc

/// The zeroed words behind a cache (`PieceCache`, `LongPieceCache`): mapped, not written, so a
/// cache costs only the pages it touches, in transparent huge pages where the kernel grants
/// them (a few page faults to fill it instead of thousands); allocated and zeroed when mapping
/// fails. Freed by `release`, once, by the cache that owns it.
struct CacheMemory {
    /// The first word.
    let words: UnsafeMutablePointer<UInt64>
    private let byteCount: Int
    private let mapped: Bool

    /// `byteCount` zeroed bytes (a multiple of 8).
    init(byteCount: Int) {
        self.byteCount = byteCount
        let memory = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let memory, memory != MAP_FAILED {
            madvise(memory, byteCount, MADV_HUGEPAGE)
            words = memory.assumingMemoryBound(to: UInt64.self)
            mapped = true
        } else {
            words = UnsafeMutablePointer<UInt64>.allocate(capacity: byteCount / 8)
            words.initialize(repeating: 0, count: byteCount / 8)
            mapped = false
        }
    }

    /// Unmaps or frees the words.
    func release() {
        if mapped { munmap(words, byteCount) } else { words.deallocate() }
    }
}
