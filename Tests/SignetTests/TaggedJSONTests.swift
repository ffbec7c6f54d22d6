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
}
