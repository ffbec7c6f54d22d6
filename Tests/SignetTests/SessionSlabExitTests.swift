@testable import Signet
import XCTest

/// While the builder has them open, the lists, dicts and long strings it carves hold their slab
/// uncounted; each way such a value leaves that state (the document handed over or dropped,
/// a move into a later slab's record, a tag's value kept or dropped, a failed tag, a repeated
/// key, an error mid-text) must leave every slab freed exactly once once the session is gone,
/// and the session must read as the same text untagged from a `JSONValue` does. Texts are too
/// long for a thread's spare slab (kept alive on purpose), except in the last two tests.
final class SessionSlabExitTests: XCTestCase {
    static let limits = SessionSlabTests.limits

    /// A string member that fills much of a first slab, too large for a spare: one slab for
    /// the whole session.
    static let oneSlab = "\"" + String(repeating: "p", count: SessionSlab.largestSpare / 4) + "\""
    /// A list of 3000 long strings, more than a first slab holds: the strings carved from the
    /// first slab are still open when the second is made, and move into its record.
    static let manySlabs = "[" + (0..<3000).map { "\"a string longer than 15 bytes \($0)\"" }.joined(separator: ",") + "]"
    static let fillers = [oneSlab, manySlabs]

    static var liveSlabs: Int { SessionSlab.live.load(ordering: .relaxed) }

    /// Reads `text` as a session, checks it against the reference, takes its parts out, drops
    /// the session then the parts, and checks that no slab it made is left.
    private func check(_ text: String, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
        let bytes = Array(text.utf8)
        let label = message + " " + String(text.prefix(120))
        let expected = Result { try TaggedJSON.untag(try PythonJSON.decode(bytes, limits: Self.limits.json)) }
        let before = Self.liveSlabs
        do {
            var session: SessionDict? = try FlaskSessions.session(fromTaggedJSON: bytes, limits: Self.limits)
            XCTAssertGreaterThan(Self.liveSlabs, before, label, file: file, line: line)
            guard case .success(.dict(let reference)) = expected else {
                return XCTFail("read, but the reference says \(expected): \(label)", file: file, line: line)
            }
            XCTAssertTrue(session! == reference, label, file: file, line: line)
            var parts = session!.members.map(\.value)
            session = nil
            XCTAssertTrue(parts == reference.members.map(\.value), "parts outliving the session: " + label, file: file, line: line)
            parts = []
        } catch {
            switch expected {
            case .success(.dict): XCTFail("\(error), but the reference reads it: \(label)", file: file, line: line)
            case .success: XCTAssertEqual(error, SignetError.sessionNotAnObject, label, file: file, line: line)
            case .failure(let reference): XCTAssertEqual("\(error)", "\(reference)", label, file: file, line: line)
            }
        }
        XCTAssertEqual(Self.liveSlabs, before, "slabs left alive (or freed twice): " + label, file: file, line: line)
    }

    /// Every tag holding carved values, a `" di"` whose dict is copied into the slab, nesting:
    /// the document is handed over, values move into later slabs' records, tags keep or drop
    /// what they hold.
    static let goodMembers = [
        #""a":[1,{"k":"a long string, over 15"}]"#,
        #""b":{" t":[1,"a long string, over 15",[2]]}"#,
        #""c":{" m":"<b>markup longer than 15</b>"}"#,
        #""d":{" b":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#,
        #""e":{" u":"0123456789abcdef0123456789abcdef"}"#,
        #""f":{" d":"Thu, 01 Jan 1970 00:00:00 GMT"}"#,
        #""g":{" di":{"a long key, over 15 bytes__":[1,"a long string, over 15"]}}"#,
        #""h":{"a long key, over 15 bytes":{"x":[[["a deep string, over 15"]]],"y":"caf\u00e9, escaped, over 15"}}"#,
    ]

    func testGoodSessionsFreeEverySlabOnce() {
        for filler in Self.fillers {
            let members = Self.goodMembers.joined(separator: ",")
            check(#"{"0":\#(filler),\#(members)}"#, "filler first")
            check(#"{\#(members),"z":\#(filler)}"#, "filler last")
            check(#"{"z":[\#(filler),{\#(members)}],\#(members)}"#, "filler nested, keys unsorted")
        }
    }

    /// The document is a list, a string or a tag, not a dict: it is dropped.
    func testADocumentNotADictFreesEverySlabOnce() {
        for filler in Self.fillers {
            check(#"[\#(filler),{"k":[1,"a long string, over 15"]}]"#)
            check(#"{" t":[\#(filler),"a long string, over 15"]}"#)
            check(#"{" m":"\#(String(repeating: "m", count: SessionSlab.largestSpare / 4))"}"#)
            check(filler)
        }
    }

    /// An error anywhere in the text, once containers and strings were carved (some still open,
    /// some filed, the document sometimes complete, before trailing bytes).
    func testAnErrorMidTextFreesEverySlabOnce() {
        for filler in Self.fillers {
            let text = #"{"0":\#(filler),\#(Self.goodMembers.joined(separator: ","))}"#
            let utf8 = Array(text.utf8)
            for cut in stride(from: utf8.count - 1, to: utf8.count - 700, by: -23) {
                check(String(decoding: utf8[..<cut], as: UTF8.self), "cut at \(cut)")
            }
            check(text + " x", "trailing bytes")
            check(#"{"a":[\#(filler),{"k":"a long string, over 15"}],"b":tru}"#, "bad literal")
        }
    }

    /// A failed tag holding carved values: thrown once the text is read, or dropped by a
    /// repeated key, or followed by a syntax error.
    func testAFailedTagFreesEverySlabOnce() {
        for filler in Self.fillers {
            check(#"{"0":\#(filler),"a":{" t":"a long string, over 15"}}"#)
            check(#"{"0":\#(filler),"a":{" b":[1,"a long string, over 15"]}}"#)
            check(#"{"0":\#(filler),"a":[{" u":{"k":"a long string, over 15"}}],"b":[2]}"#)
            check(#"{"0":\#(filler),"a":{" di":{}},"b":{" d":"a long string, over 15"}}"#)
            check(#"{"a":{" t":"a long string, over 15"},"0":\#(filler),"a":[1,"a long string, over 15"]}"#, "dropped by a repeated key")
            check(#"{"0":\#(filler),"a":{" t":{"k":"a long string, over 15"}},"b":"#, "then a syntax error")
        }
    }

    /// A repeated key replaces a carved value (and its own carved key goes), in a short object
    /// and in one that outgrew the linear scan; then the session is read, or a failed tag or
    /// an error follows.
    func testARepeatedKeyFreesEverySlabOnce() {
        let long = "a long key, over 15 bytes"
        let many = (0..<40).reversed().map { #""\#(long) \#($0)":[\#($0),"a long string, over 15"]"# }
        let repeats = (0..<40).map { #""\#(long) \#($0)":{"v":"a long string, over 15 \#($0)"}"# }
        for filler in Self.fillers {
            check(#"{"0":\#(filler),"b":[1,"a long string, over 15"],"a":1,"b":{"k":"a long string, over 15"}}"#)
            check(#"{"\#(long)":[1,"a long string, over 15"],"0":\#(filler),"\#(long)":"a long string, over 15"}"#)
            check("{" + (many + ["\"0\":" + filler] + repeats).joined(separator: ",") + "}", "a table of keys")
            check(#"{"b":[1,"a long string, over 15"],"a":\#(filler),"b":2,"c":{" t":"a long string, over 15"}}"#, "then a failed tag")
            check(#"{"b":[1,"a long string, over 15"],"a":\#(filler),"b":2,"c":"#, "then an error")
        }
    }

    /// A session nested 5000 deep across many slabs (values of each slab open when the next is
    /// made), read then dropped on a 64 KiB stack: every slab freed once.
    func testADeepSessionFreesEverySlabOnceOnASmallStack() {
        let before = Self.liveSlabs
        let text = SessionSlabTests.padded(depth: 5000, padding: 100)
        let failures = ValueReleaseTests.onSmallStack {
            let session = try FlaskSessions.session(fromTaggedJSON: text, limits: Self.limits)
            return session["p"]?.count == 100 ? [] : ["first level"]
        }
        XCTAssertEqual(failures, [])
        XCTAssertEqual(Self.liveSlabs, before)
        check(String(decoding: text.dropLast(10), as: UTF8.self), "cut")
    }

    /// Small texts, whose slab is the thread's spare: errors, failed tags and repeated keys
    /// leave it fit for the next session.
    func testSmallSessionsAfterErrorsReadRight() throws {
        let bad = [
            #"{"a":[1,"a long string, over 15"],"b":{" t":"a long string, over 15"}}"#,
            #"{"a":[1,"a long string, over 15"],"b":"#,
            #"[{"a":"a long string, over 15"}]"#,
            #"{"b":[1,"a long string, over 15"],"a":1,"b":{"k":"a long string, over 15"}"#,
        ]
        for text in bad {
            XCTAssertThrowsError(try FlaskSessions.session(fromTaggedJSON: Array(text.utf8)), text)
            let good = #"{"b":[1,"a long string, over 15"],"a":1,"b":{"k":"a long string, over 15"}}"#
            let session = try FlaskSessions.session(fromTaggedJSON: Array(good.utf8))
            XCTAssertEqual(session, ["b": ["k": "a long string, over 15"], "a": 1], text)
        }
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

extension SessionSlabExitTests {
    /// A small session's slab becomes the thread's spare when the session is read: what its
    /// records hold (here bytes' arrays, in a plain dict and in a dict copied by `" di"`) is
    /// freed when the next small session reuses it, so a copy taken out is then its array's
    /// only holder and changes in place.
    func testTheSpareSlabFreesWhatItsRecordsHeldWhenReused() throws {
        for text in [#"{"b":{" b":"AAECAw=="},"k":[1]}"#, #"{"d":{" di":{"k__":{" b":"AAECAw=="}}}}"#] {
            var session: SessionDict? = try FlaskSessions.session(fromTaggedJSON: Array(text.utf8))
            guard case .bytes(var bytes)? = session?["b"] ?? session?["d"]?["k"] else { return XCTFail("no bytes: \(text)") }
            session = nil
            XCTAssertEqual(try FlaskSessions.session(fromTaggedJSON: Array(#"{"a":"b"}"#.utf8)), ["a": "b"])
            let before = bytes.withUnsafeBufferPointer { $0.baseAddress }
            bytes[0] ^= 1
            XCTAssertEqual(bytes.withUnsafeBufferPointer { $0.baseAddress }, before, "array still shared: \(text)")
        }
    }
}

extension SessionSlabExitTests {
    /// A slab of up to `SessionSlab.largestSpare` bytes (a session's first slab takes four bytes
    /// per byte of text) is kept as the thread's spare and reused by its next session, which then
    /// makes no slab; one byte of text more, and every session makes its own.
    func testTheSpareSlabsLimitAtItsExtremes() throws {
        func text(_ count: Int) -> [UInt8] { Array(#"{"s":""#.utf8) + Array(repeating: UInt8(ascii: "p"), count: count - 8) + Array(#""}"#.utf8) }
        for (count, made) in [(SessionSlab.largestSpare / 4, 0), (SessionSlab.largestSpare / 4 + 1, 1)] {
            XCTAssertEqual(text(count).count, count)
            _ = try FlaskSessions.session(fromTaggedJSON: text(count))
            let before = Self.liveSlabs
            let session = try FlaskSessions.session(fromTaggedJSON: text(count))
            XCTAssertEqual(Self.liveSlabs - before, made, "\(count) bytes of text")
            XCTAssertEqual(session["s"]?.stringValue?.count, count - 8)
        }
    }
}
