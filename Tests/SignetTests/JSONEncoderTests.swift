import XCTest

@testable import Signet

/// `PythonJSON.encode` against `json.dumps` outputs recorded in Tests/Vectors/json/cases.txt.
final class JSONEncoderTests: XCTestCase {
    func testEncodeVectors() throws {
        let cases = try JSONTestSupport.loadVectors().encode
        XCTAssertGreaterThan(cases.count, 500)
        var failures = 0
        for testCase in cases {
            for (index, set) in JSONTestSupport.optionSets.enumerated() {
                let actual: String
                do {
                    actual = JSONTestSupport.hex(try PythonJSON.encode(testCase.value, options: set.options))
                } catch {
                    XCTAssertEqual(error.kind, .unserializable)
                    actual = "!unserializable"
                }
                if actual != testCase.expected[index] {
                    failures += 1
                    if failures <= 20 {
                        XCTFail(
                            "line \(testCase.line) \(set.name): got \(Self.text(actual)), Python \(Self.text(testCase.expected[index]))"
                        )
                    }
                }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    private static func text(_ hex: String) -> String {
        guard let bytes = JSONTestSupport.unhex(hex) else { return hex }
        return String(decoding: bytes.prefix(200), as: UTF8.self)
    }

    func testSeparatorsAndEmptyContainers() throws {
        let value: JSONValue = ["b": [1, [], [:]], "a": nil]
        XCTAssertEqual(try encoded(value, .pythonDefault), #"{"b": [1, [], {}], "a": null}"#)
        XCTAssertEqual(try encoded(value, .compact), #"{"b":[1,[],{}],"a":null}"#)
        XCTAssertEqual(try encoded(value, .flask), #"{"a":null,"b":[1,[],{}]}"#)
    }

    func testLoneSurrogateNeedsASCIIEscapes() throws {
        let value = JSONValue.string(JSONString(codePoints: [0x61, 0xD800])!)
        XCTAssertEqual(try encoded(value, .pythonDefault), #""a\ud800""#)
        XCTAssertThrowsError(try PythonJSON.encode(value, options: .compact)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .unserializable)
        }
    }

    func testMalformedWTF8IsRefusedNotCopied() {
        for bytes: [UInt8] in [[0x80], [0xC3], [0xFF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80]] {
            let value = JSONValue.string(JSONString(uncheckedWTF8: bytes))
            for set in JSONTestSupport.optionSets {
                XCTAssertThrowsError(try PythonJSON.encode(value, options: set.options), "\(bytes) \(set.name)")
            }
        }
    }

    func testDeepNestingIsRefusedWithoutRecursion() throws {
        var value: JSONValue = 1
        for _ in 0..<1000 { value = [value] }
        XCTAssertNoThrow(try PythonJSON.encode(value, options: .compact))
        value = [value]
        XCTAssertThrowsError(try PythonJSON.encode(value, options: .compact)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .unserializable)
        }
        // Empty containers count as a level, as in Python.
        var empty: JSONValue = [:]
        for _ in 0..<999 { empty = [empty] }
        XCTAssertNoThrow(try PythonJSON.encode(empty, options: .compact))
        XCTAssertThrowsError(try PythonJSON.encode([empty], options: .compact))
    }

    func testTooLongIntegerIsRefusedLikePython() throws {
        // Python's int -> str conversion has the same 4300-digit limit as parsing.
        let ok = JSONValue.integer(JSONInteger(decimal: String(repeating: "7", count: 4300))!)
        XCTAssertEqual(try PythonJSON.encode(ok, options: .compact).count, 4300)
        let tooLong = JSONValue.integer(JSONInteger(decimal: "-" + String(repeating: "7", count: 4301))!)
        XCTAssertThrowsError(try PythonJSON.encode(tooLong, options: .compact))
    }

    private func encoded(_ value: JSONValue, _ options: JSONEncodingOptions) throws -> String {
        String(decoding: try PythonJSON.encode(value, options: options), as: UTF8.self)
    }
}
