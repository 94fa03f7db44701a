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
func textBuffer(_ text: UnsafePointer<CChar>?, _ length: Int, name: String = "text") throws(SubtokError) -> UnsafeBufferPointer<UInt8> {
    guard length >= 0 else { throw SubtokError(.invalidArgument, "\(name) length is too large") }
    if length == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
    guard let text else { throw SubtokError(.invalidArgument, "\(name) is NULL but its length is \(length)") }
    return UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: length)
}

/// The tokenizer behind a handle, or an `invalidArgument` error for NULL.
func tokenizer(_ handle: OpaquePointer?) throws(SubtokError) -> Tokenizer {
    guard let handle else { throw SubtokError(.invalidArgument, "tokenizer is NULL") }
    return Unmanaged<Tokenizer>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
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
