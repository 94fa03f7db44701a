import Glibc

// `SUBTOK_FUZZ_TARGET=NAME subtok-fuzz [libFuzzer options] [corpus folders]` runs one fuzz target
// under libFuzzer, whose `main` calls the two entry points below. Built by `make fuzz`
// (`swift build --sanitize=fuzzer --sanitize=address`).

/// Every target, by name.
let targets = loaderTargets + modelTargets + trainingTargets + scannerTargets

/// The target the callback runs; set once in `LLVMFuzzerInitialize`, before any input.
nonisolated(unsafe) var selected: FuzzTarget?

/// Picks the target named by `SUBTOK_FUZZ_TARGET` and loads what it needs; prints the targets
/// and exits when the name is missing or unknown.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
    let name = getenv("SUBTOK_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = targets.first(where: { $0.name == name }) else {
        var usage = "usage: SUBTOK_FUZZ_TARGET=NAME subtok-fuzz [libFuzzer options] [corpus folders]\ntargets:\n"
        for target in targets {
            usage +=
                "  " + target.name + String(repeating: " ", count: max(1, 21 - target.name.count)) + target.summary
                + "\n"
        }
        _ = usage.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    selected = target
    if name == "encode" || name == "decode" { _ = ReferenceTokenizers.all }
    return 0
}

/// Runs the selected target on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selected?.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
