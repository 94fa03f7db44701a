import Glibc

/// Progress of a long training run, written to stderr at most about once a second (and once
/// at each phase's end); silent when `quiet`. Lines are plain, so logs stay readable. An
/// `observer` gets the same reports as numbers and text (the Python and C bindings' callbacks).
public final class TrainingProgress: @unchecked Sendable {
    /// One report: the phase (`count`, `merge`, `unigram`), how far it is and out of how much
    /// (0: not known), and the line stderr gets.
    public typealias Observer = @Sendable (_ phase: String, _ done: Int, _ total: Int, _ message: String) -> Void

    private let quiet: Bool
    private let started = TrainingProgress.now()
    private var lastReport = 0.0
    /// Called with every report that is made (whether or not `quiet`), on the training thread.
    public var observer: Observer?

    /// A reporter that prints unless `quiet`.
    public init(quiet: Bool) { self.quiet = quiet }

    /// Seconds since the run started.
    public var elapsed: Double { Self.now() - started }

    /// Reports `message()` (with the phase and its progress, for the observer) if a second has
    /// passed since the last report, or with `force`.
    public func report(
        force: Bool = false, phase: String = "", done: Int = 0, total: Int = 0, _ message: @autoclosure () -> String
    ) {
        guard !quiet || observer != nil else { return }
        let t = elapsed
        guard force || t - lastReport >= 1 else { return }
        lastReport = t
        let text = message()
        observer?(phase, done, total, text)
        guard !quiet else { return }
        let line = "subtok: [\(formatSeconds(t))] \(text)\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// `12.3s`.
func formatSeconds(_ t: Double) -> String {
    let tenths = Int((t * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)s"
}

/// `1.2 MB`, `345 kB`, `12 B`.
func formatBytes(_ n: Int) -> String {
    if n >= 1_000_000 { return formatSeconds(Double(n) / 1e6).dropLast() + " MB" }
    if n >= 1_000 { return "\(n / 1000) kB" }
    return "\(n) B"
}
