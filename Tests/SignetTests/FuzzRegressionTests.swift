import Foundation
import XCTest

@testable import Signet

/// Replays the fuzz seeds (Tests/Fuzz/corpus) and every crasher ever kept
/// (Tests/Fuzz/regressions) through the entry points the harnesses drive, under `swift test`:
/// each must end in a value or a BadData error, never a crash.
final class FuzzRegressionTests: XCTestCase {
    static let fuzzDirectory = Fixtures.testsDirectory.appendingPathComponent("Fuzz")

    func inputs() throws -> [(name: String, bytes: [UInt8])] {
        var found: [(String, [UInt8])] = []
        for folder in ["corpus", "regressions"] {
            let root = Self.fuzzDirectory.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where url.pathExtension != "md" {
                guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
                found.append((url.path.replacingOccurrences(of: Self.fuzzDirectory.path + "/", with: ""), Array(try Data(contentsOf: url))))
            }
        }
        return found
    }

    func testSeedsAndCrashersReplay() throws {
        let all = try inputs()
        XCTAssertGreaterThan(all.count, 50, "the seed corpus is missing")
        let key = "fuzz-secret-key"
        let sessions = try FlaskSessions(secretKey: key, maxAge: nil)  // the seeds were minted at their own time
        let serializer = try Serializer.urlSafeTimed(secretKeys: [Array(key.utf8)])
        let signer = try Signer(secretKeys: [Array(key.utf8)])
        var verified = 0
        for (name, file) in all {
            // The harnesses read the first byte as a mode; replay the rest, and the whole file.
            for bytes in [Array(file.dropFirst()), file] {
                func check(_ body: () throws(SignetError) -> Void) {
                    do { try body() } catch {
                        XCTAssertTrue(error.isA(.badData), "\(name): \(error)")
                        XCTAssertFalse(error.description.contains(key), name)
                    }
                }
                check { () throws(SignetError) in _ = try sessions.verify(bytes, now: 1_700_000_000); verified += 1 }
                check { () throws(SignetError) in _ = try sessions.decodeUnsafe(bytes).decoded.get() }
                check { () throws(SignetError) in _ = try serializer.loads(bytes) }
                check { () throws(SignetError) in _ = try serializer.loadsUnsafe(bytes) }
                check { () throws(SignetError) in _ = try signer.unsign(bytes) }
                check { () throws(SignetError) in _ = try TaggedJSON.untag(try PythonJSON.decode(bytes)) }
            }
        }
        // The seeds include genuine cookies signed with the fuzz key.
        XCTAssertGreaterThan(verified, 0)
    }
}
