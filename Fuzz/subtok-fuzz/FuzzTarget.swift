import Subtok

/// One libFuzzer target: a name for the command line, where its seeds come from, and the check
/// run on each input. A check returns normally for any input; a broken invariant stops the
/// process with `fatalError`, which libFuzzer records as a crash.
struct FuzzTarget: Sendable {
    /// The name given as the first argument of `subtok-fuzz`.
    let name: String
    /// What the input is and what is checked.
    let summary: String
    /// The check, run once per input.
    let run: @Sendable (UnsafeBufferPointer<UInt8>) -> Void
}

/// Stops the fuzzer with `message` unless `condition` holds.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
