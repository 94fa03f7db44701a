import Synchronization

/// A value built on first use by the first thread that asks, then shared: for tables that cost
/// time to build and that only some inputs need. Each read takes a lock, so it suits values
/// read once per long operation, not per token.
final class LazyValue<Value: Sendable>: Sendable {
    private let state = Mutex<Value?>(nil)

    init() {}

    /// The value, built by `build` on the first call (under the lock: other callers wait).
    func value(_ build: () -> Value) -> Value {
        state.withLock { stored in
            if let stored { return stored }
            let built = build()
            stored = built
            return built
        }
    }
}
