import CSubtokShim
import Subtok

/// Runs `body`, turning a thrown `SubtokError` into its status code and this thread's last error.
@inline(__always)
func guarded(_ body: () throws(SubtokError) -> Void) -> Int32 {
    do {
        try body()
        return 0
    } catch {
        setLastError(error)
        return error.kind.rawValue
    }
}

/// Records `error` as the calling thread's last error.
func setLastError(_ error: SubtokError) {
    var message = error.message
    message.withUTF8 { buffer in
        buffer.withMemoryRebound(to: CChar.self) { stshim_set_error($0.baseAddress, $0.count) }
    }
}

/// A caller's `(pointer, length)` text as a buffer, or an `invalidArgument` error.
func textBuffer(
    _ text: UnsafePointer<CChar>?, _ length: Int, name: @autoclosure () -> String = "text"
) throws(SubtokError) -> UnsafeBufferPointer<UInt8> {
    guard length >= 0 else { throw SubtokError(.invalidArgument, "\(name()) length is too large") }
    if length == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
    guard let text else { throw SubtokError(.invalidArgument, "\(name()) is NULL but its length is \(length)") }
    return UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: length)
}

/// The tokenizer behind a handle, or an `invalidArgument` error for NULL.
func tokenizer(_ handle: OpaquePointer?) throws(SubtokError) -> Tokenizer {
    guard let handle else { throw SubtokError(.invalidArgument, "tokenizer is NULL") }
    return Unmanaged<Tokenizer>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

/// A call's out-pointer and count, both required and set to NULL and 0 before any work, so
/// that a failure leaves them so.
func cleared<T>(
    _ pointer: UnsafeMutablePointer<T?>?, _ pointerName: String, _ count: UnsafeMutablePointer<Int>?,
    _ countName: String
) throws(SubtokError) -> (UnsafeMutablePointer<T?>, UnsafeMutablePointer<Int>) {
    let pointer = try required(pointer, pointerName)
    let count = try cleared(count, countName)
    pointer.pointee = nil
    return (pointer, count)
}

/// A call's count, required and set to 0 before any work.
func cleared(_ count: UnsafeMutablePointer<Int>?, _ name: String) throws(SubtokError) -> UnsafeMutablePointer<Int> {
    let count = try required(count, name)
    count.pointee = 0
    return count
}

/// Rejects a NULL output pointer.
func required<T>(_ pointer: UnsafeMutablePointer<T>?, _ name: String) throws(SubtokError) -> UnsafeMutablePointer<T> {
    guard let pointer else { throw SubtokError(.invalidArgument, "\(name) is NULL") }
    return pointer
}

/// A C string argument as a Swift string, or an `invalidArgument` error for NULL.
func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(SubtokError) -> String {
    guard let pointer else { throw SubtokError(.invalidArgument, "\(name) is NULL") }
    return String(cString: pointer)
}

/// The switches of an encode call's flags; a bit the header does not define is an
/// `invalidArgument` error, so a flag from a newer header is never silently ignored.
struct EncodeFlags {
    /// `SUBTOK_ADD_SPECIAL_TOKENS`.
    let addSpecialTokens: Bool
    /// `SUBTOK_ALLOW_SPECIAL`.
    let allowSpecial: Bool

    init(_ flags: UInt32) throws(SubtokError) {
        try checkFlags(flags, known: SUBTOK_ADD_SPECIAL_TOKENS | SUBTOK_ALLOW_SPECIAL, "encode")
        addSpecialTokens = flags & SUBTOK_ADD_SPECIAL_TOKENS != 0
        allowSpecial = flags & SUBTOK_ALLOW_SPECIAL != 0
    }
}

/// The switches of a decode call's flags, checked as `EncodeFlags`.
struct DecodeFlags {
    /// `SUBTOK_SKIP_SPECIAL_TOKENS`.
    let skipSpecialTokens: Bool
    /// `SUBTOK_DECODE_BYTES`.
    let bytes: Bool

    init(_ flags: UInt32) throws(SubtokError) {
        try checkFlags(flags, known: SUBTOK_SKIP_SPECIAL_TOKENS | SUBTOK_DECODE_BYTES, "decode")
        skipSpecialTokens = flags & SUBTOK_SKIP_SPECIAL_TOKENS != 0
        bytes = flags & SUBTOK_DECODE_BYTES != 0
    }
}

/// Throws `invalidArgument` naming the bits of `flags` outside `known`.
func checkFlags(_ flags: UInt32, known: UInt32, _ kind: String) throws(SubtokError) {
    let unknown = flags & ~known
    guard unknown == 0 else {
        throw SubtokError(.invalidArgument, "unknown \(kind) flags 0x\(String(unknown, radix: 16))")
    }
}

/// A new handle to `object`, owning one reference (released by the matching `*_free`).
func retained(_ object: AnyObject) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(object).toOpaque())
}

/// Runs `body` and stores a handle to the object it returns in `out`, which is NULL whenever
/// the call fails (a NULL `out` is itself an `invalidArgument` error).
func handing(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ body: () throws(SubtokError) -> AnyObject) -> Int32 {
    guarded { () throws(SubtokError) in
        let out = try required(out, "out")
        out.pointee = nil
        out.pointee = retained(try body())
    }
}
