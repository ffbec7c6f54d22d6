import XCTest
@testable import Signet

final class CookieTests: XCTestCase {
    func testSetCookieMatchesWerkzeug() throws {
        let vectors = try FlaskVectors.load()
        XCTAssertFalse(vectors.set_cookie.isEmpty)
        for vector in vectors.set_cookie {
            let given = vector.attributes
            var attributes = Cookie.Attributes()
            attributes.domain = given.domain
            attributes.secure = given.secure ?? false
            attributes.sameSite = given.samesite.flatMap(Cookie.SameSite.init(rawValue:))
            attributes.expires = given.expires
            if let path = given.path { attributes.path = path }
            attributes.partitioned = given.partitioned ?? false
            attributes.maxAge = given.max_age
            attributes.httpOnly = given.httponly ?? true
            XCTAssertEqual(try Cookie.setCookie(value: vector.value, attributes: attributes, now: vector.now), vector.header)
        }
    }

    func testWritesWhatFlaskSends() throws {
        let vectors = try FlaskVectors.load()
        let sessions = try FlaskSessions(secretKey: vectors.secret_key)
        for vector in vectors.flask_set_cookie {
            switch vector.path {
            case "/set":
                let cookie = try sessions.mint(["user": "42"], timestamp: 1_700_000_000)
                XCTAssertEqual(try Cookie.setCookie(value: cookie), vector.set_cookie)
            case "/permanent":
                let cookie = try sessions.mint(["_permanent": true, "user": "42"], timestamp: 1_700_000_000)
                let attributes = Cookie.Attributes(expires: 1_700_000_000 + FlaskSessions.defaultMaxAge)
                XCTAssertEqual(try Cookie.setCookie(value: cookie, attributes: attributes), vector.set_cookie)
            default:
                XCTAssertEqual(Cookie.deletion(), vector.set_cookie)
            }
        }
    }

    func testFindsTheSessionCookieLikeWerkzeug() throws {
        for vector in try FlaskVectors.load().request_cookies {
            XCTAssertEqual(Cookie.value(named: "session", inHeader: vector.header), vector.session, vector.header)
        }
    }

    /// Random headers built from the characters werkzeug's cookie grammar cares about, read by
    /// werkzeug's `parse_cookie` and by Signet: the same value, or absent on both sides.
    func testFindsTheSessionCookieLikeWerkzeugOnRandomHeaders() throws {
        try Oracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        let pieces = ["session", "sessio", "x", "=", "==", ";", "; ", " ", "\t", "\"", "\\", "\\0", "\\101",
                      "\\400", "\\3", "a", "b1", "\u{A0}", "\u{1C}", "\u{3000}", "é", "😀", "\r", "\u{0B}", ",", "\u{85}"]
        var headers = [String]()
        for _ in 0..<1500 {
            headers.append((0..<Int.random(in: 0...14, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        let answers = try Oracle.ask(headers.map { ["op": "parse_cookie", "header": $0, "name": "session"] })
        for (header, answer) in zip(headers, answers) {
            XCTAssertEqual(Cookie.value(named: "session", inHeader: header), answer["value"] as? String,
                           "header \(header.debugDescription), SIGNET_SEED=\(seed)")
        }
    }

    func testRefusesHeadersWithALineFeed() {
        XCTAssertNil(Cookie.value(named: "session", inHeader: "session=a\nb"))
        XCTAssertNil(Cookie.value(named: "session", inHeader: "x=1;\nsession=abc"))
    }

    func testRefusesCookiesBrowsersWouldDrop() throws {
        let big = String(repeating: "a", count: 4100)
        XCTAssertThrowsError(try Cookie.setCookie(value: big)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .tokenTooLarge)
        }
        XCTAssertNoThrow(try Cookie.setCookie(value: big, maxSize: nil))
        XCTAssertNoThrow(try Cookie.setCookie(value: String(repeating: "a", count: 4093 - "session=; HttpOnly; Path=/".count)))
        XCTAssertThrowsError(try Cookie.setCookie(value: String(repeating: "a", count: 4094 - "session=; HttpOnly; Path=/".count)))
    }
}
