import XCTest

@testable import Signet

/// FloatParse: correctly rounded decimal-to-double, as Python's `float()`. (Agreement with
/// Python itself is checked by JSONDifferentialTests.testNumbersAgreeWithPython.)
final class JSONFloatParseTests: XCTestCase {
    /// The fast path must agree with the standard library's correctly rounded parser.
    func testFastPathAgreesWithStandardLibrary() {
        var rng = SplitMix64(seed: 0xC1146E)
        for _ in 0..<200_000 {
            var text = Int.random(in: 0..<4, using: &rng) == 0 ? "-" : ""
            text += String(UInt64.random(in: 0...(1 << 54), using: &rng) / [1, 10, 1000, 1_000_000][Int.random(in: 0..<4, using: &rng)])
            if Bool.random(using: &rng) { text += "." + String(UInt32.random(in: 0...999_999, using: &rng)) }
            if Bool.random(using: &rng) { text += "e" + String(Int.random(in: -30...30, using: &rng)) }
            let parsed = Array(text.utf8).withUnsafeBufferPointer { FloatParse.parse($0.baseAddress!, count: $0.count) }
            XCTAssertEqual(parsed.bitPattern, Double(text)!.bitPattern, text)
        }
    }

    func testReprRoundTripsThroughParse() {
        var rng = SplitMix64(seed: 0x2EC2)
        for _ in 0..<100_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            var out: [UInt8] = []
            FloatRepr.append(value, to: &out)
            let parsed = out.withUnsafeBufferPointer { FloatParse.parse($0.baseAddress!, count: $0.count) }
            XCTAssertEqual(parsed.bitPattern, value.bitPattern, String(decoding: out, as: UTF8.self))
        }
    }

    func testSaturatesAndKeepsSignOfZero() {
        for (text, expected) in [("1e400", Double.infinity), ("-1e400", -.infinity), ("1e-400", 0.0), ("-0.0", -0.0),
                                 ("-0e999999999999", -0.0), ("0.0000000000000000000000000001e28", 1.0)] {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { FloatParse.parse($0.baseAddress!, count: $0.count) }
            XCTAssertEqual(parsed.bitPattern, expected.bitPattern, text)
        }
    }
}
