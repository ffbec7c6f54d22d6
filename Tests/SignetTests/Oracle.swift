import Foundation
import XCTest

/// Runs Tests/Scripts/oracle.py: the installed itsdangerous 2.2.0, Flask 3.1.3 and Werkzeug
/// 3.1.8 answer a batch of requests in one Python process.
enum Oracle {
    static let script = Fixtures.testsDirectory.appendingPathComponent("Scripts/oracle.py")

    /// Whether python3 with the pinned itsdangerous, Flask and Werkzeug is available.
    static let available: Bool = {
        let probe = "import importlib.metadata as m; assert m.version('itsdangerous') == '2.2.0' and m.version('Flask') == '3.1.3' and m.version('Werkzeug') == '3.1.8'"
        return (try? run(["-c", probe], input: Data())) != nil
    }()

    /// Skips the calling test when Python is missing, unless CI requires it.
    static func require() throws {
        if available { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("CI=true but python3 with itsdangerous 2.2.0, Flask 3.1.3 and Werkzeug 3.1.8 is missing")
        }
        throw XCTSkip("python3 with itsdangerous 2.2.0, Flask 3.1.3 and Werkzeug 3.1.8 is not installed")
    }

    /// Sends `requests` and returns one answer per request.
    static func ask(_ requests: [[String: Any]], script: URL = Oracle.script) throws -> [[String: Any]] {
        let input = try JSONSerialization.data(withJSONObject: requests)
        let output = try run([script.path], input: input)
        guard let answers = try JSONSerialization.jsonObject(with: output) as? [[String: Any]], answers.count == requests.count else {
            throw OracleError.badAnswer(String(decoding: output.prefix(500), as: UTF8.self))
        }
        return answers
    }

    enum OracleError: Error {
        case failed(Int32, String)
        case badAnswer(String)
    }

    static func run(_ arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write and read concurrently so neither pipe fills up and blocks the other side.
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OracleError.failed(process.terminationStatus, String(decoding: errors.suffix(2000), as: UTF8.self))
        }
        return output
    }
}

/// Runs Tests/Scripts/frameworks_oracle.py: the installed Starlette, Django and Quart (pinned in
/// .ci/run) answer a batch of requests in one Python process.
enum FrameworksOracle {
    static let script = Fixtures.testsDirectory.appendingPathComponent("Scripts/frameworks_oracle.py")
    static let versions = "starlette 1.10.0, Django 5.2.19 and Quart 0.22.0"

    static let available: Bool = {
        let probe = "import importlib.metadata as m; assert (m.version('starlette'), m.version('Django'), m.version('quart')) == ('1.10.0', '5.2.19', '0.22.0')"
        return Oracle.available && (try? Oracle.run(["-c", probe], input: Data())) != nil
    }()

    /// Skips the calling test when the packages are missing, unless CI requires them.
    static func require() throws {
        if available { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("CI=true but python3 with \(versions) (and Flask 3.1.3) is missing")
        }
        throw XCTSkip("python3 with \(versions) is not installed")
    }

    static func ask(_ requests: [[String: Any]]) throws -> [[String: Any]] {
        try Oracle.ask(requests, script: script)
    }
}

/// A small, seedable generator so a failing differential run can be replayed with
/// SIGNET_SEED=<seed>.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    static func fromEnvironment() -> (SplitMix64, UInt64) {
        let seed = ProcessInfo.processInfo.environment["SIGNET_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
        return (SplitMix64(seed: seed), seed)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ range: ClosedRange<Int>) -> [UInt8] {
        (0..<Int.random(in: range, using: &self)).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}
