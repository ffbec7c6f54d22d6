import XCTest
import Signet

/// `SessionValue`'s accessors and `description`, on every session of Flask's vectors: a session
/// prints as the tagged JSON Flask re-serialises from the cookie, a `str` as its text, and each
/// accessor answers what the JSON Flask wrote holds.
final class SessionValueAccessTests: XCTestCase {
    func testSessionsPrintAsTheTaggedJSONFlaskWrites() throws {
        let vectors = try FlaskVectors.load()
        let sessions = try FlaskSessions(secretKey: vectors.secret_key, fallbackKeys: vectors.fallback_keys)
        for vector in vectors.sessions {
            let session = try sessions.verify(vector.cookie, now: vector.timestamp).session
            XCTAssertEqual(session.description, vector.roundtrip_json, vector.name)
            XCTAssertEqual(SessionValue.dict(session).description, vector.roundtrip_json, vector.name)
            guard case .object(let flaskJSON) = try PythonJSON.decode(Array(vector.roundtrip_json.utf8)) else {
                return XCTFail("\(vector.name): Flask wrote no object")
            }
            for member in session.members {
                // A session whose one key is a tag key travels as `{" di": {"<key>__": ...}}`.
                let escaped = session.count == 1 && TaggedJSON.tagKeys.contains(member.key)
                let json = escaped ? flaskJSON[" di"]?[JSONString(member.key.description + "__")] : flaskJSON[member.key]
                try checkAccessors(member.value, against: XCTUnwrap(json, vector.name), vector.name)
                // Compared as text: a NaN is not equal to itself.
                XCTAssertEqual(SessionValue.dict(session)[member.key.description]?.description, member.value.description)
            }
        }
    }

    /// Each accessor of `value` against `json`, the member as Flask wrote it, and so for the
    /// items of its lists and tuples (the vectors nest a few levels).
    private func checkAccessors(_ value: SessionValue, against json: JSONValue, _ name: String) throws {
        let text = String(decoding: try PythonJSON.encode(json, options: .flask), as: UTF8.self)
        switch json {
        case .string(let string):
            XCTAssertEqual(value.stringValue, string.string, name)
            XCTAssertEqual(value.description, string.description, name)
        default:
            XCTAssertNil(value.stringValue, name)
            XCTAssertEqual(value.description, text, name)
        }
        XCTAssertEqual(value.intValue, json.integerValue.flatMap { Int($0.decimal) }, name)
        XCTAssertEqual(value.boolValue, json.boolValue, name)
        if let double = json.doubleValue, double.isNaN {
            XCTAssertTrue(value.doubleValue?.isNaN ?? false, name)
        } else {
            XCTAssertEqual(value.doubleValue, json.doubleValue, name)
        }
        // A list is an array; a tuple is `{" t": [...]}`.
        let items = json.arrayValue ?? json[" t"]?.arrayValue
        switch value {
        case .list(let elements), .tuple(let elements):
            let items = try XCTUnwrap(items, name)
            XCTAssertEqual(elements.count, items.count, name)
            for (index, item) in items.enumerated() {
                try checkAccessors(try XCTUnwrap(value[index], name), against: item, name)
            }
            XCTAssertNil(value[items.count], name)
            XCTAssertNil(value[-1], name)
        default:
            XCTAssertNil(value[0], name)
        }
        if case .dict = value {} else { XCTAssertNil(value["a"], name) }
    }

    func testTheReadmeLinePrintsTheValueNotTheCase() throws {
        let sessions = try FlaskSessions(secretKey: "dev-secret")
        let cookie = try sessions.mint(["user_id": "42", "cart": .tuple([1, 2]), "_fresh": true], timestamp: 1_700_000_000)
        let session = try sessions.verify(cookie, now: 1_700_000_000).session
        var printed = ""
        print(session["user_id"] ?? "anonymous", "signed at", 1_700_000_000, to: &printed)
        XCTAssertEqual(printed, "42 signed at 1700000000\n")
        XCTAssertEqual(session.description, String(decoding: try FlaskSessions.taggedJSON(session), as: UTF8.self))
        XCTAssertEqual(session["cart"]?[1]?.intValue, 2)
        XCTAssertEqual(session["_fresh"]?.boolValue, true)
    }

    func testAnUnencodableValueSaysSoInsteadOfTrapping() {
        XCTAssertTrue(SessionValue.datetime(Int64.max).description.hasPrefix("<unencodable session value: "))
    }
}
