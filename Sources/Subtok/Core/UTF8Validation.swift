/// UTF-8 validation for callers that hold raw bytes (the C ABI, the CLI).
public enum UTF8Validation {
    /// True when `bytes` is well-formed UTF-8. O(n), eight ASCII bytes at a time.
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UTF8Bytes.firstInvalidOffset(bytes) == nil
    }

    /// The offset of the first byte that is not well-formed UTF-8, or nil.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        UTF8Bytes.firstInvalidOffset(bytes)
    }
}
