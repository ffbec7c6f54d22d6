import XCTest

@testable import Signet

final class JSONValueTests: XCTestCase {
    func testObjectKeepsFirstPositionAndLastValue() {
        let object = JSONObject([("b", 1), ("a", 2), ("b", 3)])
        XCTAssertEqual(object.keys, ["b", "a"])
        XCTAssertEqual(object["b"], 3)
        XCTAssertEqual(object["a"], 2)
    }

    func testLargeObjectInitUsesDictSemantics() {
        let pairs: [(JSONString, JSONValue)] = (0..<100).map { (JSONString("k\($0 % 40)"), JSONValue($0)) }
        let object = JSONObject(pairs)
        XCTAssertEqual(object.count, 40)
        XCTAssertEqual(object.keys.first, "k0")
        XCTAssertEqual(object["k0"], 80)
        XCTAssertEqual(object["k39"], 79)
    }

    func testObjectSubscriptSetsAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = nil
        object["c"] = 3
        object["b"] = "x"
        XCTAssertEqual(object.keys, ["b", "c"])
        XCTAssertEqual(object["b"], "x")
        XCTAssertNil(object["a"])
    }

    func testLiteralsAndAccessors() {
        let value: JSONValue = ["n": nil, "t": true, "i": -5, "d": 2.5, "s": "x", "a": [1, "two"], "o": ["k": [:]]]
        XCTAssertTrue(value["n"]!.isNull)
        XCTAssertEqual(value["t"]?.boolValue, true)
        XCTAssertEqual(value["i"]?.int64Value, -5)
        XCTAssertEqual(value["d"]?.doubleValue, 2.5)
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertEqual(value["a"]?.arrayValue, [1, "two"])
        XCTAssertEqual(value["o"]?["k"]?.objectValue, JSONObject())
        XCTAssertNil(value["missing"])
        XCTAssertNil(JSONValue.null["k"])
        XCTAssertEqual(JSONValue(7), .integer(7))
        XCTAssertEqual(JSONValue("s"), .string("s"))
    }

    func testIntegerNormalisation() {
        XCTAssertEqual(JSONInteger(decimal: "-0")?.decimal, "0")
        XCTAssertEqual(JSONInteger(decimal: "007")?.decimal, "7")
        XCTAssertEqual(JSONInteger(decimal: "-007")?.decimal, "-7")
        XCTAssertNil(JSONInteger(decimal: ""))
        XCTAssertNil(JSONInteger(decimal: "-"))
        XCTAssertNil(JSONInteger(decimal: "1.0"))
        XCTAssertNil(JSONInteger(decimal: "+1"))
        XCTAssertEqual(JSONInteger(decimal: "123456789012345678901234567890")?.int64, nil)
        XCTAssertEqual(JSONInteger(Int64.min).int64, .min)
    }

    /// An integer read from text, made from its digits or from an `Int64` is one value with one
    /// text, either side of `Int64`'s range (inside it an `Int64` is kept, outside the digits).
    func testIntegersEitherSideOfInt64AreOneValueWithOneText() throws {
        for text in ["0", "7", "-7", "99", "100", "-100", "123456789012345678", "-123456789012345678",
                     "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                     "123456789012345678901234567890"] {
            guard case .array(let read) = try PythonJSON.decode(Array("[\(text),\(text)]".utf8)),
                  case .integer(let integer) = read[0] else { return XCTFail(text) }
            let made = try XCTUnwrap(JSONInteger(decimal: text))
            XCTAssertEqual(integer, made, text)
            XCTAssertEqual(integer.hashValue, made.hashValue, text)
            XCTAssertEqual(integer.decimal, text)
            XCTAssertEqual(integer.int64, Int64(text), text)
            if let value = Int64(text) { XCTAssertEqual(JSONInteger(value), integer, text) }
            XCTAssertEqual(String(decoding: try PythonJSON.encode(.array(read), options: .flask), as: UTF8.self), "[\(text),\(text)]")
        }
        XCTAssertNotEqual(JSONInteger(decimal: "9223372036854775808"), JSONInteger(decimal: "9223372036854775807"))
    }

    func testStringsWithLoneSurrogates() throws {
        let lone = try XCTUnwrap(JSONString(codePoints: [0x41, 0xDC00]))
        XCTAssertEqual(lone.wtf8, [0x41, 0xED, 0xB0, 0x80])
        XCTAssertNil(lone.string)
        XCTAssertEqual(lone.codePoints, [0x41, 0xDC00])
        XCTAssertNil(JSONString(codePoints: [0x110000]))
        XCTAssertEqual(JSONString("é😀").codePoints, [0xE9, 0x1F600])
        XCTAssertEqual(JSONString("é😀").string, "é😀")
    }

    func testStringsOrderByCodePoint() throws {
        // Python's order: U+D7FF < U+D800 (surrogate) < U+E000 < U+FFFF < U+10000.
        let ordered = try [0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF].map {
            try XCTUnwrap(JSONString(codePoints: [UInt32($0)]))
        }
        XCTAssertEqual(ordered.shuffled().sorted(), ordered)
    }

    /// Strings up to 15 bytes are stored inline, longer ones on the heap: equality, hashing and
    /// order must follow the bytes whatever the storage, at the boundary too.
    func testStorageDoesNotShowInEqualityHashOrOrder() {
        var generator = SystemRandomNumberGenerator()
        // Few distinct bytes (NUL and 0xFF included), so prefixes and ties are common.
        let alphabet: [UInt8] = [0x00, 0x01, 0x61, 0x62, 0x7F, 0xFF]
        var strings = [[UInt8]]()
        for length in 0...40 {
            for _ in 0..<6 { strings.append((0..<length).map { _ in alphabet.randomElement(using: &generator)! }) }
        }
        strings += [Array(repeating: 0x61, count: 15), Array(repeating: 0x61, count: 16), [0x61, 0x62], [0x61, 0x62, 0x00], [], [0x00]]
        for left in strings {
            let a = JSONString(uncheckedWTF8: left)
            XCTAssertEqual(a.wtf8, left)
            XCTAssertEqual(a.wtf8Count, left.count)
            XCTAssertEqual(left.withUnsafeBufferPointer { JSONString(uncheckedWTF8: $0) }, a)
            // Bytes around the string, which the inline form reads words of, must not leak in.
            let padded = [UInt8](repeating: 0xEE, count: 9) + left + [UInt8](repeating: 0xDD, count: 9)
            XCTAssertEqual(padded.withUnsafeBufferPointer { JSONString(uncheckedWTF8: UnsafeBufferPointer(rebasing: $0[9..<(9 + left.count)])) }, a)
            for right in strings {
                let b = JSONString(uncheckedWTF8: right)
                XCTAssertEqual(a == b, left == right, "\(left) == \(right)")
                XCTAssertEqual(a < b, left.lexicographicallyPrecedes(right), "\(left) < \(right)")
                if left == right { XCTAssertEqual(a.hashValue, b.hashValue) }
            }
        }
    }

    /// The builders and the release of a dict reach a member's value at `memberValue`'s offset,
    /// not through the tuple: it must be where Swift puts it, for both value types.
    func testMemberValueIsTheValueOfTheMember() {
        var session: (key: JSONString, value: SessionValue) = ("a key longer than inline", .string("v"))
        withUnsafeMutablePointer(to: &session) { member in
            XCTAssertEqual(UnsafeRawPointer(memberValue(member)), UnsafeRawPointer(withUnsafeMutablePointer(to: &member.pointee.value) { $0 }))
            XCTAssertEqual(memberValue(member).pointee, .string("v"))
        }
        var json: (key: JSONString, value: JSONValue) = ("k", .integer(7))
        withUnsafeMutablePointer(to: &json) { member in
            XCTAssertEqual(UnsafeRawPointer(memberValue(member)), UnsafeRawPointer(withUnsafeMutablePointer(to: &member.pointee.value) { $0 }))
            XCTAssertEqual(memberValue(member).pointee, .integer(7))
        }
    }

    /// Integers of one or two digits come from a table, the others from their text: both read
    /// back as the same decimal, in a JSON value and in a session.
    func testDecodedIntegersKeepTheirDecimal() throws {
        for n in [0, 1, 7, 9, 10, 42, 99, 100, 101, 999, -1, -9, -10, -99, -100, 123_456_789_012_345, Int.min, Int.max] {
            let text = Array("[\(n)]".utf8)
            XCTAssertEqual(try PythonJSON.decode(text), .array([.integer(JSONInteger(n))]))
            XCTAssertEqual(try FlaskSessions.session(fromTaggedJSON: Array("{\"n\":\(n)}".utf8))["n"]?.intValue, n)
        }
        XCTAssertEqual(try PythonJSON.decode(Array("-0".utf8)), .integer(0))
        // Every entry of the table, against Swift's own decimal (`JSONInteger(n)` is `String(n)`).
        for n in 0..<100 {
            XCTAssertEqual(try PythonJSON.decode(Array("\(n)".utf8)), .integer(JSONInteger(n)))
        }
    }
}
