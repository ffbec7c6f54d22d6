// Shared by every harness: a failed invariant is a crash libFuzzer keeps as a crasher.
#if canImport(Glibc)
import Glibc
#endif

/// Stops the fuzzer with `message` when `condition` is false.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        let text = "fuzz invariant broken: \(message())\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
        abort()
    }
}

/// The fuzz input: its first byte picks a mode, the rest is the data.
struct Input {
    let mode: UInt8
    let data: [UInt8]

    init(_ pointer: UnsafePointer<UInt8>, _ size: Int) {
        let all = UnsafeBufferPointer(start: pointer, count: size)
        mode = all.first ?? 0
        data = Array(all.dropFirst())
    }
}

/// The key every harness signs and verifies with (the fuzzer never knows it, so verify only
/// succeeds on tokens the round-trip harness signs itself).
let fuzzKey: [UInt8] = Array("fuzz-secret-key".utf8)
