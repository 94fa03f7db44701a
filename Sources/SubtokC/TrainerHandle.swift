import Subtok
import Synchronization

/// What a `subtok_trainer *` points to: a training run behind a lock, so calls from several
/// threads are serialized instead of racing; after `finish` it refuses further use.
final class TrainerHandle: @unchecked Sendable {
    private let lock = Mutex(())
    private var trainer: Trainer?

    init(_ trainer: Trainer) { self.trainer = trainer }

    /// Runs `body` on the live trainer; `invalidArgument` once finished.
    func with<R>(_ body: (Trainer) throws(SubtokError) -> R) throws(SubtokError) -> R {
        let result: Result<R, SubtokError> = lock.withLock { _ in
            guard let trainer else {
                return .failure(SubtokError(.invalidArgument, "the trainer has already finished"))
            }
            do throws(SubtokError) { return .success(try body(trainer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Trains and ends the run (even when training fails: the counts are consumed).
    func finish() throws(SubtokError) -> Tokenizer {
        let result: Result<Tokenizer, SubtokError> = lock.withLock { _ in
            guard let live = trainer else {
                return .failure(SubtokError(.invalidArgument, "the trainer has already finished"))
            }
            trainer = nil
            do throws(SubtokError) { return .success(try live.finish()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// The trainer behind a handle, or an `invalidArgument` error for NULL.
func trainerHandle(_ handle: OpaquePointer?) throws(SubtokError) -> TrainerHandle {
    guard let handle else { throw SubtokError(.invalidArgument, "trainer is NULL") }
    return Unmanaged<TrainerHandle>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

@_cdecl("subtok_trainer_new")
public nonisolated func subtok_trainer_new(
    _ config: UnsafePointer<CChar>?, _ length: Int, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in
        let bytes = try textBuffer(config, length, name: "config")
        let json: JSON
        do throws(SubtokError) { json = try JSON.parse(utf8: bytes) } catch {
            throw SubtokError(.invalidArgument, "trainer configuration: \(error.message)")
        }
        return TrainerHandle(try Trainer(config: try TrainerConfig(json: json)))
    }
}

@_cdecl("subtok_trainer_feed")
public nonisolated func subtok_trainer_feed(
    _ handle: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int
) -> Int32 {
    guarded { () throws(SubtokError) in
        let buffer = try textBuffer(text, length)
        try trainerHandle(handle).with { (t) throws(SubtokError) in try t.feed(text: buffer) }
    }
}

@_cdecl("subtok_trainer_feed_file")
public nonisolated func subtok_trainer_feed_file(_ handle: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    guarded { () throws(SubtokError) in
        let path = try string(path, "path")
        try trainerHandle(handle).with { (t) throws(SubtokError) in try t.feed(file: path) }
    }
}

/// A C progress callback and its context, called with each report of the run.
private struct ProgressCallback: @unchecked Sendable {
    typealias Function =
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UInt64, UInt64, UnsafePointer<CChar>?
        ) -> Void
    let function: Function
    let context: UnsafeMutableRawPointer?

    func callAsFunction(_ phase: String, _ done: Int, _ total: Int, _ message: String) {
        phase.withCString { p in
            message.withCString { m in function(context, p, UInt64(max(done, 0)), UInt64(max(total, 0)), m) }
        }
    }
}

@_cdecl("subtok_trainer_set_progress")
public nonisolated func subtok_trainer_set_progress(
    _ handle: OpaquePointer?,
    _ callback: (
        @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UInt64, UInt64, UnsafePointer<CChar>?) -> Void
    )?,
    _ context: UnsafeMutableRawPointer?
) -> Int32 {
    guarded { () throws(SubtokError) in
        var observer: TrainingProgress.Observer?
        if let callback {
            let call = ProgressCallback(function: callback, context: context)
            observer = { phase, done, total, message in call(phase, done, total, message) }
        }
        try trainerHandle(handle).with { (t) throws(SubtokError) in t.progress.observer = observer }
    }
}

@_cdecl("subtok_trainer_finish")
public nonisolated func subtok_trainer_finish(
    _ handle: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    handing(out) { () throws(SubtokError) in try trainerHandle(handle).finish() }
}

@_cdecl("subtok_trainer_free")
public nonisolated func subtok_trainer_free(_ handle: OpaquePointer?) {
    guard let handle else { return }
    Unmanaged<TrainerHandle>.fromOpaque(UnsafeRawPointer(handle)).release()
}
