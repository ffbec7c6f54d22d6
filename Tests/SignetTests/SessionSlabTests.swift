import Signet
import XCTest

/// A session read from text keeps its lists' and dicts' items in shared slabs (one allocation
/// for a typical session, more for a large one); the values behave exactly as any other:
/// equal to the same value built another way, independent copies, parts outliving the whole,
/// dropped in constant stack however deep and however many slabs they span.
final class SessionSlabTests: XCTestCase {
    static let limits = Limits(maxTokenLength: 1 << 24, maxDecompressedSize: 1 << 24, maxDepth: Limits.maxDepthAllowed)

    /// A session of `count` entries, each a dict with a list, a tuple, markup and a long key, as
    /// Flask writes it (keys sorted): about 150 bytes of text and four containers per entry,
    /// strings short and long (over 15 bytes, kept apart from the containers).
    static func entries(_ count: Int) -> [UInt8] {
        var text = #"{"items":["#
        for k in 0..<count {
            if k > 0 { text += "," }
            text += #"{"id":\#(k),"m":{" m":"<b>\#(String(repeating: "y", count: k % 30))</b>"},"t":{" t":[\#(k),null]},"#
                + #""tags":["a","\#(String(repeating: "x", count: k % 40))"],"tags and a key longer than 15 bytes":"\#(k)"}"#
        }
        return Array((text + "]}").utf8)
    }

    /// `depth` nested dicts, each beside a list of `padding` integers, so that the nesting spans
    /// many slabs: `{"p":[0,...],"a":{"p":[0,...],"a":...}}`.
    static func padded(depth: Int, padding: Int) -> [UInt8] {
        let level = #"{"p":["# + Array(repeating: "0", count: padding).joined(separator: ",") + #"],"a":"#
        return Array((String(repeating: level, count: depth) + "1" + String(repeating: "}", count: depth)).utf8)
    }

    /// The session read by the builder equals the one untagged from a `JSONValue`, whose
    /// containers each have a storage of their own, from one slab to many.
    func testASessionEqualsTheSameValueBuiltApart() throws {
        for count in [0, 1, 50, 5000] {
            let text = Self.entries(count)
            let read = try FlaskSessions.session(fromTaggedJSON: text, limits: Self.limits)
            let untagged = try TaggedJSON.untag(try PythonJSON.decode(text, limits: Self.limits.json))
            XCTAssertTrue(.dict(read) == untagged, "\(count) entries")
            XCTAssertEqual(SessionValue.dict(read).hashValue, untagged.hashValue, "\(count) entries")
            XCTAssertEqual(Set([SessionValue.dict(read), untagged]).count, 1, "\(count) entries")
            XCTAssertTrue(try FlaskSessions.taggedJSON(read, limits: Self.limits) == text, "\(count) entries")
        }
    }

    /// Parts taken out of a session live on when it is dropped; changing a copy, or the
    /// session itself, changes nothing else.
    func testPartsOutliveTheSessionAndCopiesAreIndependent() throws {
        var session: SessionDict? = try FlaskSessions.session(fromTaggedJSON: Self.entries(3))
        guard case .list(let items)? = session?["items"] else { return XCTFail("no list") }
        var first = items[0]
        var changed = session!
        changed["items"] = nil
        changed["new"] = 1
        session = nil
        XCTAssertEqual(items.count, 3)
        XCTAssertEqual(items[2]["t"], .tuple([2, nil]))
        if case .dict(var dict) = first {
            dict["id"] = 9
            first = .dict(dict)
        }
        XCTAssertEqual(first["id"], 9)
        XCTAssertEqual(items[0]["id"], 0)
        XCTAssertEqual(changed.keys, ["new"])

        var list = items
        list.append("more")
        list[0] = "first"
        XCTAssertEqual(list.count, 4)
        XCTAssertEqual(items.count, 3)
        XCTAssertEqual(items[0]["tags"], ["a", ""])
    }

    /// Small sessions read one after another on a thread share its spare slab once the earlier
    /// one is gone; a session kept, or a part of it that outlives it, keeps its slab to itself.
    func testSmallSessionsReadInTurnStayIntact() throws {
        func read(_ text: String) throws -> SessionDict { try FlaskSessions.session(fromTaggedJSON: Array(text.utf8)) }
        let first = try read(#"{"a":[1,"x"],"k":"caf\u00e9 and more than 15 bytes","t":{" t":[2]}}"#)
        var second: SessionDict? = try read(#"{"b":{"c":[3]},"s":"a string longer than 15 bytes"}"#)
        guard case .dict(let part)? = second?["b"] else { return XCTFail("no dict") }
        second = nil
        let third = try read(#"{"uid":7}"#)
        let fourth = try read(#"{"uid":8,"e":"\n"}"#)
        XCTAssertEqual(first, ["a": [1, "x"], "k": "café and more than 15 bytes", "t": .tuple([2])])
        XCTAssertEqual(part, ["c": [3]])
        XCTAssertEqual(third, ["uid": 7])
        XCTAssertEqual(fourth, ["uid": 8, "e": "\n"])
        for k in 0..<100 {
            // An escaped string of its own storage, which the slab's next reader frees.
            let text = #"{"e":"\n and more than 15 bytes","k":[\#(k)],"s":"\#(String(repeating: "s", count: k))"}"#
            let expected: SessionDict = ["e": "\n and more than 15 bytes", "k": [.integer(JSONInteger(k))], "s": .string(JSONString(String(repeating: "s", count: k)))]
            XCTAssertEqual(try read(text), expected)
        }
    }

    /// A session nested 5000 levels deep across many slabs is dropped on a 64 KiB stack, whole
    /// or after a part of it was taken out, which then outlives the rest.
    /// Bytes and UUIDs (arrays of their own, held by records of the slab, in the session's
    /// first slab and in later ones) are released with the session: a copy taken out is then
    /// the only holder of its array, which changes in place. (The texts are too long for a
    /// thread's spare slab, which frees its records' contents only when next reused.)
    func testArraysInRecordsAreReleasedWithTheSession() throws {
        let uuid = String(repeating: "0123456789abcdef", count: 2)
        let padding = String(repeating: "p", count: 5000)
        let nested = #"{"a":[1,{" b":"AAEC"},[{"k":{" u":"\#(uuid)"}}]],"b":{"c":{" b":"AQID"},"d":"\u00e9 and more than 15 bytes"},"p":"\#(padding)"}"#
        let large = String(decoding: Self.entries(300).dropLast(), as: UTF8.self) + #","zz":[{"k":{" b":"AAEC"}},{" u":"\#(uuid)"}]}"#
        for text in [nested, large] {
            var session: SessionDict? = try FlaskSessions.session(fromTaggedJSON: Array(text.utf8), limits: Self.limits)
            var copies = Self.arrays(in: .dict(session!))
            XCTAssertEqual(copies.count, text == large ? 2 : 3)
            session = nil
            for k in copies.indices {
                let before = copies[k].withUnsafeBufferPointer { $0.baseAddress }
                copies[k][0] ^= 1
                XCTAssertEqual(copies[k].withUnsafeBufferPointer { $0.baseAddress }, before, "array \(k) still shared")
            }
        }
    }

    /// The arrays of the bytes and UUIDs in `value`, copied out.
    private static func arrays(in value: SessionValue) -> [[UInt8]] {
        var found: [[UInt8]] = []
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .bytes(let bytes): found.append(bytes)
            case .uuid(let uuid): found.append(uuid.bytes)
            case .list(let items), .tuple(let items): pending.append(contentsOf: items)
            case .dict(let dict): pending.append(contentsOf: dict.members.map(\.value))
            default: break
            }
        }
        return found
    }

    func testADeepSessionAcrossSlabsIsDroppedOnASmallStack() throws {
        let depth = 5000
        let text = Self.padded(depth: depth, padding: 100)
        let failures = ValueReleaseTests.onSmallStack {
            var failures: [String] = []
            _ = try FlaskSessions.session(fromTaggedJSON: text, limits: Self.limits)
            var session: SessionValue? = .dict(try FlaskSessions.session(fromTaggedJSON: text, limits: Self.limits))
            var inner = session!
            for _ in 0..<depth / 2 { inner = inner["a"]! }
            session = nil
            var levels = 0
            while let next = inner["a"] {
                if next != 1 && next["p"]?.count != 100 { failures.append("level \(levels)") }
                inner = next
                levels += 1
            }
            if levels != depth - depth / 2 || inner != 1 { failures.append("\(levels) levels") }
            return failures
        }
        XCTAssertEqual(failures, [])
    }
}

extension SessionValue {
    /// The items of a list or tuple, for the tests above.
    fileprivate var count: Int? {
        switch self {
        case .list(let items), .tuple(let items): items.count
        default: nil
        }
    }
}
