import Foundation
import XCTest

@testable import Signet

/// FloatRepr: Python's `float.__repr__`.
final class JSONFloatReprTests: XCTestCase {
    /// Many random bit patterns against Python's repr, 1000 per request line.
    /// SIGNET_JSON_FLOATS raises the count for a deeper one-off check.
    func testReprMatchesPythonOnRandomDoubles() throws {
        let total = ProcessInfo.processInfo.environment["SIGNET_JSON_FLOATS"].flatMap { Int($0) } ?? 60_000
        var rng = SplitMix64(seed: 0xF10A7)
        var batches: [[Double]] = []
        for batch in 0..<(total / 1000) {
            batches.append((0..<1000).map { _ in
                let bits = rng.next()
                // Every third batch is subnormal, where digit generation has its own path.
                return Double(bitPattern: batch % 3 == 0 ? bits & 0x800F_FFFF_FFFF_FFFF : bits)
            })
        }
        let values = batches.map { JSONValue.array($0.map(JSONValue.float)) }
        let answers = try JSONTestSupport.askPython(values.map { "E " + JSONTestSupport.tag($0) })
        for (value, answer) in zip(values, answers) {
            let compact = String(answer.split(separator: "\t")[1])
            let ours = JSONTestSupport.hex(try PythonJSON.encode(value, options: .compact))
            guard ours != compact else { continue }
            // Narrow the difference down to one double.
            let python = String(decoding: JSONTestSupport.unhex(compact)!, as: UTF8.self).dropFirst().dropLast().split(separator: ",")
            for (double, expected) in zip(value.arrayValue!, python) {
                let got = String(decoding: try PythonJSON.encode(double, options: .compact), as: UTF8.self)
                XCTAssertEqual(got, String(expected), "bits \(String(double.doubleValue!.bitPattern, radix: 16))")
            }
        }
    }

    func testReprLayout() throws {
        // The switch points between positional and scientific notation; the expectations are
        // Python's repr, also covered by the generated vectors.
        let cases: [(Double, String)] = [
            (1e16, "1e+16"), (9999999999999998.0, "9999999999999998.0"), (1e-4, "0.0001"), (1e-5, "1e-05"),
            (123456789012345680.0, "1.2345678901234568e+17"), (100, "100.0"), (-0.0, "-0.0"),
            (.leastNonzeroMagnitude, "5e-324"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
            (1.5e300, "1.5e+300"), (.nan, "NaN"), (-.infinity, "-Infinity"),
        ]
        for (value, expected) in cases {
            var out: [UInt8] = []
            FloatRepr.append(value, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), expected)
        }
    }
}
