import CICU

/// Per-character Unicode mappings from ICU: canonical decomposition and full lowercase.
enum CaseAndDecomposition {
    /// Appends the canonical decomposition (NFD) of `c` to `out`.
    static func appendDecomposition(of c: UInt32, to out: inout [UInt32]) {
        if c < 0xC0 { out.append(c); return }
        append(c, to: &out, cicu_nfd)
    }

    /// Appends the full lowercase mapping of `c` to `out` (one scalar for all but a few).
    static func appendLowercase(of c: UInt32, to out: inout [UInt32]) {
        if c < 0x80 {
            out.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c)
            return
        }
        append(c, to: &out, cicu_lowercase)
    }

    /// Calls `body` with each scalar of the full lowercase mapping of `c`, allocating nothing.
    static func forEachLowercase(of c: UInt32, _ body: (UInt32) -> Void) {
        if c < 0x80 { return body(c >= 0x41 && c <= 0x5A ? c + 0x20 : c) }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 32) { buffer in
            let n = Int(cicu_lowercase(c, buffer.baseAddress, 32))
            for k in 0..<min(max(n, 0), 32) { body(buffer[k]) }
        }
    }

    private static func append(
        _ c: UInt32, to out: inout [UInt32], _ map: (UInt32, UnsafeMutablePointer<UInt32>?, Int32) -> Int32
    ) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 32) { buffer in
            let n = Int(map(c, buffer.baseAddress, 32))
            for k in 0..<min(max(n, 0), 32) { out.append(buffer[k]) }
        }
    }
}
