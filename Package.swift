// swift-tools-version: 6.2
import PackageDescription

// The shared library exports the C API of include/signet.h and nothing else, and carries the
// Swift runtime inside it so C programs need no Swift installation. Its SONAME carries the
// header's SIGNET_VERSION_MAJOR (Tests/C/test_library.sh checks they agree; a manifest used
// as a dependency cannot read the header): a release that breaks the ABI gets a new file name.
let packageRoot = Context.packageDirectory
// A server request's code and data sit together (issue 15: between two requests the caches are
// cold): lld lays out first the sections holding the symbols of include/signet.order, which
// Tests/Benchmarks/link_order.py writes from a profile (a symbol it no longer finds is skipped,
// never an error). -O0 keeps each object's 16-byte constants together instead of scattering the
// deduplicated pool, so a verify reads fewer lines of them; -z now binds every import at load and
// so puts the PLT's address table next to the other data instead of a page of its own;
// -z separate-code starts the code on a page of its own, so the request's first functions do not
// straddle a page boundary wherever the metadata before them happens to end.
let sharedLibraryLinkerFlags = [
    "-static-stdlib",
    "-use-ld=lld",
    "-Xlinker", "--symbol-ordering-file=\(packageRoot)/include/signet.order",
    "-Xlinker", "--no-warn-symbol-ordering",
    "-Xlinker", "-O0",
    "-Xlinker", "-znow",
    "-Xlinker", "-zseparate-code",
    "-Xlinker", "-soname=libsignet.so.0",
    "-Xlinker", "--version-script=\(packageRoot)/include/signet.map",
    "-Xlinker", "--gc-sections",
    "-Xlinker", "--strip-all",
]

// Per-function (and per-datum) sections, so that the ordering above can pick the request's functions
// out of each file's code. An unsafe flag, which SwiftPM refuses in a package used as a versioned
// dependency: SwiftPM builds those from a clone under its `checkouts` directory, where this
// manifest leaves the flag out (the layout then follows whole files; nothing else changes).
let builtAsVersionedDependency = packageRoot.contains("/checkouts/")
let requestLayoutSettings: [SwiftSetting] =
    builtAsVersionedDependency ? [] : [.unsafeFlags(["-Xfrontend", "-function-sections"])]

let package = Package(
    name: "Signet",
    products: [
        .library(name: "Signet", targets: ["Signet"]),
        .library(name: "signet", type: .dynamic, targets: ["SignetC"]),
        .executable(name: "signet-cli", targets: ["SignetCLI"]),
        // The Swift-API driver of Tests/Benchmarks/run.sh (not part of the library).
        .executable(name: "SignetBench", targets: ["SignetBench"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // include/ is the single source of truth for the C API: Swift imports the very header
        // C programs include, and `@c @implementation` checks every function against it.
        .systemLibrary(name: "CSignet", path: "include"),
        .target(
            name: "Signet",
            dependencies: ["COpenSSL", "CZlib"],
            swiftSettings: requestLayoutSettings
        ),
        .target(
            name: "SignetC",
            dependencies: ["Signet", "CSignet", "COpenSSL"],
            swiftSettings: requestLayoutSettings,
            linkerSettings: [.unsafeFlags(sharedLibraryLinkerFlags)]
        ),
        .executableTarget(
            name: "SignetCLI",
            dependencies: ["Signet", "CSignet", "COpenSSL"],
            exclude: ["README.md"],  // the command-line guide
            // The tool runs where it is copied, without a Swift installation.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--gc-sections", "-Xlinker", "--strip-all"])]
        ),
        .executableTarget(
            name: "SignetBench",
            dependencies: ["Signet", "CSignet"]  // CSignet for the C API's types only: it dlopens libsignet.so
        ),
        .testTarget(
            name: "SignetTests",
            dependencies: ["Signet"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
