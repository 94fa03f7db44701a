// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Subtok",
    products: [
        .library(name: "Subtok", targets: ["Subtok"]),
        // libsubtok.so: the C ABI declared in include/subtok.h.
        .library(name: "subtok", type: .dynamic, targets: ["SubtokC"]),
        .executable(name: "subtok-cli", targets: ["subtok-cli"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // ICU behind a plain-C header: Swift never sees ICU's own headers (DESIGN.md §8).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // The C ABI's thread-local last-error buffer, and a prefetch hint for the core.
        .target(name: "CSubtokShim"),
        .target(
            name: "Subtok",
            dependencies: ["CICU", "CSubtokShim"]
        ),
        .target(
            name: "SubtokC",
            dependencies: ["Subtok", "CSubtokShim"],
            exclude: ["subtok.map"],
            linkerSettings: [
                .unsafeFlags([
                    "-Xlinker", "-soname=libsubtok.so.0",
                    "-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/SubtokC/subtok.map",
                ])
            ]
        ),
        .executableTarget(
            name: "subtok-cli",
            dependencies: ["Subtok", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "SubtokTests", dependencies: ["Subtok"]),
        .testTarget(name: "CompatibilityTests", dependencies: ["Subtok"]),
        .testTarget(name: "CLITests", dependencies: ["subtok-cli"]),
    ]
)

// The libFuzzer targets (`make fuzz`): built only with SUBTOK_FUZZ set, because they link
// against libFuzzer, which only `swift build --sanitize=fuzzer` provides.
if Context.environment["SUBTOK_FUZZ"] != nil {
    package.products.append(.executable(name: "subtok-fuzz", targets: ["subtok-fuzz"]))
    package.targets.append(.executableTarget(name: "subtok-fuzz", dependencies: ["Subtok"], path: "Fuzz/subtok-fuzz"))
}
