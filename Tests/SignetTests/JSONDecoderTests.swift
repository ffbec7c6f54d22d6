import XCTest

@testable import Signet

/// `PythonJSON.decode` against `json.loads` outcomes recorded in Tests/Vectors/json/cases.txt.
final class JSONDecoderTests: XCTestCase {
    func testDecodeVectors() throws {
        let cases = try JSONTestSupport.loadVectors().decode
        XCTAssertGreaterThan(cases.count, 400)
        XCTAssertEqual(disagreements(cases, file: "cases.txt"), 0)
    }

    /// Every parsing file of JSONTestSuite (y_, n_ and i_, including the 100 000-deep and
    /// 50 000-deep ones): Signet accepts exactly what Python's json.loads accepts, with the same
    /// value, and rejects what it rejects (Tests/Vectors/json/JSONTestSuite.txt).
    func testJSONTestSuite() throws {
        let cases = try JSONTestSupport.loadVectors(from: JSONTestSupport.jsonTestSuiteFile).decode
        XCTAssertEqual(cases.count, 321)
        XCTAssertGreaterThan(cases.filter { $0.expected.hasPrefix("ok:") }.count, 100)
        XCTAssertEqual(disagreements(cases, file: "JSONTestSuite.txt"), 0)
    }

    func disagreements(_ cases: [JSONTestSupport.DecodeCase], file: String) -> Int {
        var failures = 0
        for testCase in cases {
            let (agrees, signet) = JSONTestSupport.agrees(testCase)
            if !agrees {
                failures += 1
                if failures <= 20 {
                    let input = String(decoding: testCase.input.prefix(80), as: UTF8.self)
                    XCTFail(
                        "\(file) line \(testCase.line) \(input.debugDescription): got \(JSONTestSupport.readable(signet)), "
                            + "Python \(JSONTestSupport.readable(testCase.expected))")
                }
            }
        }
        return failures
    }

    func testDepthLimit() throws {
        func nested(_ depth: Int) -> [UInt8] { Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth) }
        XCTAssertNoThrow(try PythonJSON.decode(nested(1000)))
        XCTAssertThrowsError(try PythonJSON.decode(nested(1001))) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .jsonTooDeep)
        }
        let limits = JSONDecodingLimits(maxDepth: 3)
        XCTAssertNoThrow(try PythonJSON.decode(Array(#"[{"a":[1]}]"#.utf8), limits: limits))
        XCTAssertThrowsError(try PythonJSON.decode(Array(#"[{"a":[[]]}]"#.utf8), limits: limits))
        // Far deeper than any machine stack could recurse: must fail cleanly, not crash.
        // (Unbalanced, so no million-deep value is built: destroying one would recurse.)
        let open = Array(repeating: UInt8(ascii: "["), count: 1_000_000)
        XCTAssertThrowsError(try PythonJSON.decode(open, limits: JSONDecodingLimits(maxDepth: .max))) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badJSON)
        }
        XCTAssertThrowsError(try PythonJSON.decode(nested(1_000_000))) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .jsonTooDeep)
        }
    }

    func testIntegerDigitLimit() throws {
        let digits = Array(repeating: UInt8(ascii: "9"), count: 50)
        XCTAssertThrowsError(try PythonJSON.decode(digits, limits: JSONDecodingLimits(maxIntegerDigits: 49))) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .integerTooLong)
        }
        XCTAssertNoThrow(try PythonJSON.decode(digits, limits: JSONDecodingLimits(maxIntegerDigits: 50)))
        XCTAssertNoThrow(try PythonJSON.decode(digits + Array(".0".utf8), limits: JSONDecodingLimits(maxIntegerDigits: 1)))
        XCTAssertNoThrow(try PythonJSON.decode(Array(repeating: UInt8(ascii: "9"), count: 10_000), limits: JSONDecodingLimits(maxIntegerDigits: 0)))
    }

    func testEntryPointsAgree() throws {
        let text = #"{"a": [1, 2.5, "\u00e9"], "b": null}"#
        let expected = try PythonJSON.decode(Array(text.utf8))
        XCTAssertEqual(try PythonJSON.decode(text.utf8), expected)
        XCTAssertEqual(try PythonJSON.decode(Array(text.utf8)[...]), expected)
        XCTAssertEqual(try PythonJSON.decode(Array(text.utf8).reversed().reversed()), expected)
        let viaPointer = try Array(text.utf8).withUnsafeBytes { bytes in
            Result { () throws(SignetError) -> JSONValue in try PythonJSON.decode(bytes) }
        }.get()
        XCTAssertEqual(viaPointer, expected)
        XCTAssertEqual(expected["a"]?.arrayValue?.count, 3)
        XCTAssertEqual(expected["b"], .null)
    }

    func testErrorMessagesCountCodePoints() {
        XCTAssertThrowsError(try PythonJSON.decode(Array("[\"é\",\n \"日本\" x]".utf8))) { error in
            XCTAssertEqual((error as? SignetError)?.message, "Expecting ',' delimiter: line 2 column 7 (char 12)")
        }
    }

    func testLargeObjectWithDuplicatesIsDictLike() throws {
        // Above the linear-scan threshold the decoder switches to a hash index.
        var text = "{"
        for k in 0..<200 { text += "\"k\(k % 150)\":\(k)," }
        text += "\"k0\":-1}"
        let object = try XCTUnwrap(try PythonJSON.decode(Array(text.utf8)).objectValue)
        XCTAssertEqual(object.count, 150)
        XCTAssertEqual(object.keys.first, "k0")
        XCTAssertEqual(object["k0"], -1)
        XCTAssertEqual(object["k1"], 151)
        XCTAssertEqual(object["k149"], 149)
    }
}
