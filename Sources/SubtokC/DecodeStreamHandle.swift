import Glibc
import Subtok
import Synchronization

/// What a `subtok_decode_stream *` points to: a `DecodeStream` behind a lock (calls on one
/// stream from several threads are serialized, never racing), and the buffer holding the text
/// of its last step, which the caller reads until its next call.
final class DecodeStreamHandle: @unchecked Sendable {
    private struct State {
        var stream: DecodeStream
        var text: UnsafeMutablePointer<CChar>
        var capacity: Int
    }

    private let state: Mutex<State>

    init(_ stream: DecodeStream) {
        let text = UnsafeMutablePointer<CChar>.allocate(capacity: 64)
        text[0] = 0
        state = Mutex(State(stream: stream, text: text, capacity: 64))
    }

    deinit { state.withLock { $0.text.deallocate() } }

    /// A copy of the stream as it is now (`tokenizers`' `__copy__`).
    var stream: DecodeStream { state.withLock { $0.stream } }

    /// Steps the stream with `ids`; the completed text (NUL-terminated, "" when none) and its
    /// length, in storage that stays valid until the next step.
    func step(_ tokenizer: Tokenizer, _ ids: [UInt32]) throws(SubtokError) -> (UnsafePointer<CChar>, Int) {
        let result: Result<(UnsafePointer<CChar>, Int), SubtokError> = state.withLock { state in
            let completed: String?
            do throws(SubtokError) { completed = try state.stream.step(tokenizer, ids) } catch {
                return .failure(error)
            }
            let utf8 = (completed ?? "").utf8
            if utf8.count + 1 > state.capacity {
                state.text.deallocate()
                state.capacity = max(utf8.count + 1, 2 * state.capacity)
                state.text = .allocate(capacity: state.capacity)
            }
            for (at, b) in utf8.enumerated() { state.text[at] = CChar(bitPattern: b) }
            state.text[utf8.count] = 0
            return .success((UnsafePointer(state.text), utf8.count))
        }
        return try result.get()
    }
}

@_cdecl("subtok_decode_stream_new")
public nonisolated func subtok_decode_stream_new(
    _ flags: UInt32, _ prefill: UnsafePointer<UInt32>?, _ count: Int, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let f = try DecodeFlags(flags)
        guard !f.bytes else {
            throw SubtokError(.invalidArgument, "SUBTOK_DECODE_BYTES does not apply to a decode stream")
        }
        guard count >= 0 else { throw SubtokError(.invalidArgument, "n is too large") }
        if count > 0 && prefill == nil { throw SubtokError(.invalidArgument, "prefill is NULL but n is \(count)") }
        let ids = count == 0 ? [] : Array(UnsafeBufferPointer(start: prefill, count: count))
        return DecodeStreamHandle(DecodeStream(skipSpecialTokens: f.skipSpecialTokens, prefill: ids))
    }
}

/// The stream behind a handle, or an `invalidArgument` error for NULL.
private func streamHandle(_ handle: OpaquePointer?) throws(SubtokError) -> DecodeStreamHandle {
    guard let handle else { throw SubtokError(.invalidArgument, "stream is NULL") }
    return Unmanaged<DecodeStreamHandle>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

/// Steps a stream with `ids` and hands back the text, clearing the out-pointers first.
private func step(
    _ handle: OpaquePointer?, _ tokenizerHandle: OpaquePointer?, _ ids: () throws(SubtokError) -> [UInt32],
    _ text: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    guarded { () throws(SubtokError) in
        let (text, length) = try cleared(text, "text", length, "len")
        let (completed, count) = try streamHandle(handle).step(try tokenizer(tokenizerHandle), try ids())
        text.pointee = completed
        length.pointee = count
    }
}

@_cdecl("subtok_decode_stream_step")
public nonisolated func subtok_decode_stream_step(
    _ handle: OpaquePointer?, _ tokenizerHandle: OpaquePointer?, _ id: UInt32,
    _ text: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    step(handle, tokenizerHandle, { () throws(SubtokError) in [id] }, text, length)
}

@_cdecl("subtok_decode_stream_step_ids")
public nonisolated func subtok_decode_stream_step_ids(
    _ handle: OpaquePointer?, _ tokenizerHandle: OpaquePointer?, _ ids: UnsafePointer<UInt32>?, _ count: Int,
    _ text: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    step(
        handle, tokenizerHandle,
        { () throws(SubtokError) in
            guard count >= 0 else { throw SubtokError(.invalidArgument, "n is too large") }
            if count > 0 && ids == nil { throw SubtokError(.invalidArgument, "ids is NULL but n is \(count)") }
            return count == 0 ? [] : Array(UnsafeBufferPointer(start: ids, count: count))
        }, text, length)
}

@_cdecl("subtok_decode_stream_copy")
public nonisolated func subtok_decode_stream_copy(
    _ handle: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in DecodeStreamHandle(try streamHandle(handle).stream) }
}

@_cdecl("subtok_decode_stream_free")
public nonisolated func subtok_decode_stream_free(_ handle: OpaquePointer?) {
    guard let handle else { return }
    Unmanaged<DecodeStreamHandle>.fromOpaque(UnsafeRawPointer(handle)).release()
}
