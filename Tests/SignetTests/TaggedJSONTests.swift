import XCTest
@testable import Signet

final class TaggedJSONTests: XCTestCase {
    func tagged(_ key: JSONString, _ value: JSONValue) -> JSONValue { .object(JSONObject([(key, value)])) }

    func testTagsInFlasksOrder() throws {
        XCTAssertEqual(try TaggedJSON.tag(.tuple([1])), tagged(" t", .array([.integer(JSONInteger(1))])))
        XCTAssertEqual(try TaggedJSON.tag(.bytes([0xFF, 0xEE])), tagged(" b", .string("/+4=")))
        XCTAssertEqual(try TaggedJSON.tag(["_": .tuple([])]), .object(JSONObject([("_", tagged(" t", .array([])))])))
        // A one-key dict whose key is a tag is escaped with " di" and a "__" suffix.
        XCTAssertEqual(try TaggedJSON.tag([" t": 1]), tagged(" di", tagged(" t__", .integer(JSONInteger(1)))))
        XCTAssertEqual(try TaggedJSON.tag(.datetime(0)), tagged(" d", .string("Thu, 01 Jan 1970 00:00:00 GMT")))
    }

    func testUntagReversesTag() throws {
        let values: [SessionValue] = [
            [" t": 1], [" di": [" b": "x"]], .tuple([.bytes([1, 2, 3]), .markup("<i>")]),
            .uuid(SessionUUID("00000000-0000-0000-0000-000000000001")!), .datetime(1_700_000_000), ["a": [.tuple([])]],
        ]
        for value in values {
            XCTAssertEqual(try TaggedJSON.untag(try TaggedJSON.tag(value)), value)
        }
    }

    /// A `" b"` tag holds canonical padded standard base64 only, however long; a `" d"` tag's
    /// canonical form reads as the general parser reads it, and a wrong weekday or month is not
    /// canonical (then refused by the parser too).
    func testBytesAndDateTagsReadStrictly() throws {
        let long = [UInt8]((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        for (text, expected) in [("", [UInt8]()), ("AQ==", [1]), ("AQI=", [1, 2]), ("AQID", [1, 2, 3]), ("/+4=", [0xFF, 0xEE]),
                                 (StandardBase64.encode(long), long)] {
            XCTAssertEqual(try TaggedJSON.untag(tagged(" b", .string(JSONString(text)))), .bytes(expected), text)
        }
        for text in ["AR==", "AQ=", "AQ", "A-==", "A_==", "AQ==AQ==", "====", "A===", "AQ\n="] {
            XCTAssertThrowsError(try TaggedJSON.untag(tagged(" b", .string(JSONString(text)))), text)
        }
        for seconds: Int64 in [-2_208_988_800, 0, 951_782_400, 1_700_000_000, 253_402_300_799] {
            let text = try XCTUnwrap(HTTPDate.format(seconds))
            XCTAssertEqual(text.utf8.withContiguousStorageIfAvailable(HTTPDate.canonicalSeconds), seconds, text)
        }
        for text in ["Fri, 01 Jan 1970 00:00:00 GMT", "Thu, 01 Jam 1970 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 UTC",
                     "Thu; 01 Jan 1970 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMX"] {
            XCTAssertEqual(text.utf8.withContiguousStorageIfAvailable(HTTPDate.canonicalSeconds), .some(nil), text)
        }
    }

    func testUntagTakesTheFirstKeyOfDiLikePython() throws {
        // Flask's TagDict.to_python keeps only the first key and drops its last two characters.
        let json = tagged(" di", .object(JSONObject([("é__", .null), ("b__", .null)])))
        XCTAssertEqual(try TaggedJSON.untag(json), ["é": nil])
    }

    func testWrongTypeUnderATagIsABadPayload() {
        let cases: [(JSONString, JSONValue)] = [
            (" t", .integer(JSONInteger(1))), (" b", .string("not base64!")), (" b", .array([])), (" m", .null),
            (" u", .string("1234")), (" d", .string("yesterday")), (" di", .array([])), (" di", .object(JSONObject())),
        ]
        for (key, value) in cases {
            XCTAssertThrowsError(try TaggedJSON.untag(tagged(key, value)), "\(key)") { error in
                XCTAssertEqual((error as? SignetError)?.kind, .badPayload)
                XCTAssertTrue((error as? SignetError)?.message.contains("'\(key)'") ?? false)
            }
        }
    }

    func testTwoKeyDictsAreNeverTags() throws {
        let json = JSONValue.object(JSONObject([(" t", .integer(JSONInteger(1))), ("x", .null)]))
        XCTAssertEqual(try TaggedJSON.untag(json), [" t": 1, "x": nil])
    }

    /// `isTagKey` reads a key's inline bytes: it must agree with the set of tag keys on every
    /// key one byte away from one (in any position, or one byte longer or shorter), and refuse
    /// keys not stored inline.
    func testTagKeyTestAgreesWithTheSetOfTagKeys() {
        var candidates: [[UInt8]] = [[], Array("  ".utf8), Array(" di_".utf8)]
        for key in TaggedJSON.tagKeys {
            let bytes = key.wtf8
            for position in 0...bytes.count {
                for byte in UInt8.min...UInt8.max {
                    if position < bytes.count {
                        var changed = bytes
                        changed[position] = byte
                        candidates.append(changed)
                    }
                    candidates.append(Array(bytes[..<position]) + [byte] + Array(bytes[position...]))
                }
                candidates.append(Array(bytes[..<position]) + Array(bytes[min(position + 1, bytes.count)...]))
            }
        }
        for bytes in candidates {
            let key = JSONString(uncheckedWTF8: bytes)
            XCTAssertEqual(TaggedJSON.isTagKey(key), TaggedJSON.tagKeys.contains(key), "\(bytes)")
        }
        XCTAssertFalse(TaggedJSON.isTagKey(JSONString(uncheckedWTF8: Array(" t".utf8) + [UInt8](repeating: 0x20, count: 30))))
    }
}
