import Glibc

/// Progress of a long training run, written to stderr at most about once a second (and once
/// at each phase's end); silent when `quiet`. Lines are plain, so logs stay readable.
public final class TrainingProgress: @unchecked Sendable {
    private let quiet: Bool
    private let started = TrainingProgress.now()
    private var lastReport = 0.0

    /// A reporter that prints unless `quiet`.
    public init(quiet: Bool) { self.quiet = quiet }

    /// Seconds since the run started.
    public var elapsed: Double { Self.now() - started }

    /// Prints `message()` if a second has passed since the last report (or `force`).
    public func report(force: Bool = false, _ message: @autoclosure () -> String) {
        guard !quiet else { return }
        let t = elapsed
        guard force || t - lastReport >= 1 else { return }
        lastReport = t
        let line = "subtok: [\(formatSeconds(t))] \(message())\n"
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
