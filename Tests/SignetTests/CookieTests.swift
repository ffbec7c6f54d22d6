import XCTest
@testable import Signet

final class CookieTests: XCTestCase {
    // MARK: Reading the Cookie header

    func testFindsCookiesAsFlaskDoes() throws {
        let vectors = try CookieVectors.parse()
        XCTAssertGreaterThan(vectors.count, 3000)
        for vector in vectors {
            XCTAssertEqual(Cookie.value(named: vector.name, inHeaderBytes: vector.header), vector.value, "header \(vector.header.hex)")
        }
    }

    /// The String form sends the text's UTF-8, as a client would: a no-break space after the name
    /// arrives as C2 A0, which werkzeug reads as "Â" and a space, so the name is not `session`.
    func testTextHeadersAreTheirUTF8Bytes() {
        XCTAssertEqual(Cookie.value(named: "session", inHeader: "session\u{A0}=A; session=B"), "B")
        XCTAssertEqual(Cookie.value(named: Array("session".utf8), inHeaderBytes: [UInt8]("session\u{A0}=A; session=B".utf8)), Array("B".utf8))
        // Received as the single Latin-1 byte, the no-break space is stripped like Python's strip().
        XCTAssertEqual(Cookie.value(named: Array("session".utf8), inHeaderBytes: Array("session".utf8) + [0xA0] + Array("=A; session=B".utf8)), Array("A".utf8))
        XCTAssertEqual(Cookie.value(named: "session", inHeader: "session=é"), "Ã©")
        XCTAssertEqual(Cookie.value(named: "session", inHeader: "session=\"\\303\\251\""), "é")
        XCTAssertNil(Cookie.value(named: "session", inHeader: "sessions=1; x=session"))
    }

    /// Inputs built to make a backtracking or rescanning parser slow: a large header still comes
    /// back, with the answer werkzeug's grammar gives.
    func testLargeHostileHeaders() {
        let size = 1 << 18
        // Every `=` starts a value that a line feed ends without a match: findall retries.
        let failedMatches = String(repeating: "=x", count: size / 2) + "\nz;session=ok"
        XCTAssertEqual(Cookie.value(named: "session", inHeader: failedMatches), "ok")
        // The spaces after the last `=` take the line feed, and the rest is that cookie's value.
        XCTAssertNil(Cookie.value(named: "session", inHeader: String(repeating: "=", count: size) + "\nsession=ok"))
        let openQuotes = Array(String(repeating: "a=\"x\\\";", count: size / 7).utf8) + Array("session=1".utf8)
        XCTAssertEqual(Cookie.value(named: Array("session".utf8), inHeaderBytes: openQuotes), Array("1".utf8))
        let valuesBeforeALineFeed = Array(String(repeating: "a=b=", count: size / 4).utf8) + Array("\n;session=2".utf8)
        XCTAssertEqual(Cookie.value(named: Array("session".utf8), inHeaderBytes: valuesBeforeALineFeed), Array("2".utf8))
        let spaces = Array("session=".utf8) + [UInt8](repeating: 0x20, count: size) + Array("v".utf8)
        XCTAssertEqual(Cookie.value(named: Array("session".utf8), inHeaderBytes: spaces), Array("v".utf8))
    }

    /// At least 10 000 random headers of the bytes werkzeug's grammar cares about (raw 0x80-0xFF,
    /// U+00A0, U+0085 and U+2003 raw and as UTF-8, quotes, backslashes, octal escapes, names
    /// without `=`, several `session` cookies), read by a real Flask request and by Signet.
    func testFindsCookiesAsFlaskDoesOnRandomHeaders() throws {
        try Oracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        let pieces: [[UInt8]] = [
            "session", "session", "sessio", "x", "=", "==", ";", "; ", " ", "\t", "\"", "\\", "\\0", "\\101", "\\400",
            "\\3", "\\377", "\\342\\202\\254", "\\355\\240\\200", "\\300\\200", "a", "b1", "\u{A0}", "\u{85}", "\u{2003}",
            "\u{3000}", "\u{1C}", "é", "😀", "\r", "\n", "\u{0B}", ",", "\0",
        ].map { Array($0.utf8) } + [[0xA0], [0x85], [0xE9], [0xFF], [0x80], [0xC3]]
        let names = ["session", "session", "session", "x", "sé", ""]
        var requests = [(header: [UInt8], name: String)]()
        for _ in 0..<10_000 {
            var header = [UInt8]()
            for _ in 0..<Int.random(in: 0...16, using: &rng) {
                header += Bool.random(using: &rng) ? pieces.randomElement(using: &rng)! : [UInt8.random(in: 0x80...0xFF, using: &rng)]
            }
            requests.append((header, names.randomElement(using: &rng)!))
        }
        let answers = try Oracle.ask(requests.map { ["op": "parse_cookie", "header_hex": $0.header.hex, "name": $0.name] })
        var disagreements = 0
        for (request, answer) in zip(requests, answers) {
            let expected = (answer["value_hex"] as? String).map { [UInt8](hex: $0) }
            if Cookie.value(named: Array(request.name.utf8), inHeaderBytes: request.header) != expected {
                disagreements += 1
                XCTFail("header \(request.header.hex) name \(request.name), SIGNET_SEED=\(seed)")
                if disagreements > 10 { return }
            }
        }
    }

    // MARK: Writing Set-Cookie

    func testWritesWhatFlaskAndWerkzeugWrite() throws {
        let vectors = try CookieVectors.setCookie()
        XCTAssertEqual(Set(vectors.map(\.kind)), ["flask", "delete", "dump"])
        for vector in vectors {
            let written: String
            do {
                if vector.kind == "delete" {
                    written = try Cookie.deletion(name: vector.name, attributes: vector.attributes)
                } else {
                    written = String(decoding: try Cookie.setCookie(
                        name: vector.name, value: vector.value, attributes: vector.attributes, maxSize: nil, now: vector.now), as: UTF8.self)
                }
            } catch {
                XCTAssertNil(vector.header, "\(error): \(vector.line)")
                XCTAssertEqual(error.kind, .badCookie, vector.line)
                continue
            }
            XCTAssertEqual(written, vector.header, vector.line)
        }
    }

    func testRefusesNamesThatAreNotTokens() {
        for name in ["", "session\r\nSet-Cookie: admin=1", "a;b", "a=b", "a b", "a,b", "\"a\"", "sé", "a\0", "a\u{7F}", "(a)", "a/b", "a:b", "a@b", "[a]", "{a}", "a?"] {
            XCTAssertThrowsError(try Cookie.setCookie(name: name, value: "v")) { XCTAssertEqual(($0 as? SignetError)?.kind, .badCookie, name) }
            XCTAssertThrowsError(try Cookie.deletion(name: name)) { XCTAssertEqual(($0 as? SignetError)?.kind, .badCookie, name) }
        }
        XCTAssertEqual(try Cookie.setCookie(name: "!#$%&'*+-.^_`|~09AZaz", value: "v"), "!#$%&'*+-.^_`|~09AZaz=v; HttpOnly; Path=/")
    }

    func testRefusesDomainsThatAreNotASCIIHostNames() {
        for domain in ["a;b", "a\r\nb", "a\nb", "a b", "a,b", "é.com", "a\0", "a\u{7F}", "a/b", "a=b", "example.com:80\r\n"] {
            var attributes = Cookie.Attributes()
            attributes.domain = domain
            XCTAssertThrowsError(try Cookie.setCookie(value: "v", attributes: attributes)) {
                XCTAssertEqual(($0 as? SignetError)?.kind, .badCookie, domain)
            }
            XCTAssertThrowsError(try Cookie.deletion(attributes: attributes))
        }
    }

    /// No input produces a header with a control character: values are escaped, paths
    /// percent-encoded, and everything else is refused.
    func testNeverWritesControlCharacters() throws {
        var everyByte = Cookie.Attributes(path: String(decoding: (0...0x7F).map { UInt8($0) }, as: UTF8.self))
        everyByte.sameSite = .lax
        let header = try Cookie.setCookie(name: "s", value: (0...0xFF).map { UInt8($0) }, attributes: everyByte, maxSize: nil, now: 0)
        XCTAssertFalse(header.contains { $0 < 0x20 || $0 >= 0x7F }, String(decoding: header, as: UTF8.self))
        // werkzeug leaves 0x1A-0x1F raw; Signet escapes them like the other control bytes.
        XCTAssertEqual(try Cookie.setCookie(value: "\u{1A}\u{1F}", maxSize: nil), "session=\"\\032\\037\"; HttpOnly; Path=/")
    }

    func testMaxAgeAndExpiresNeverTrap() throws {
        let extremes: [Int64] = [.max, .min, .max - 1, .min + 1, 0, -1, HTTPDate.maximum, HTTPDate.minimum]
        for maxAge in extremes {
            for now in extremes {
                let (sum, overflow) = now.addingReportingOverflow(maxAge)
                do {
                    let header = try Cookie.setCookie(value: "v", attributes: .init(maxAge: maxAge), now: now)
                    XCTAssertTrue(!overflow && (HTTPDate.minimum...HTTPDate.maximum).contains(sum), header)
                    XCTAssertTrue(header.contains("; Max-Age=\(maxAge);"), header)
                } catch {
                    XCTAssertEqual(error.kind, .badCookie)
                    XCTAssertTrue(overflow || !(HTTPDate.minimum...HTTPDate.maximum).contains(sum))
                }
            }
            // With Expires given, Max-Age is written as is, as werkzeug writes any integer.
            XCTAssertEqual(try Cookie.setCookie(value: "v", attributes: .init(expires: 0, maxAge: maxAge)),
                           "session=v; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=\(maxAge); HttpOnly; Path=/")
        }
        for expires in [Int64.max, .min, HTTPDate.maximum + 1, HTTPDate.minimum - 1] {
            XCTAssertThrowsError(try Cookie.setCookie(value: "v", attributes: .init(expires: expires))) {
                XCTAssertEqual(($0 as? SignetError)?.kind, .badCookie)
            }
        }
    }

    /// Random names, values and attributes written by werkzeug's dump_cookie and by Signet: the
    /// same bytes, or refused by both. Values with 0x1A-0x1F, which werkzeug writes raw, are
    /// checked by reading Signet's header back with a real Flask request instead.
    func testWritesWhatWerkzeugWritesOnRandomInput() throws {
        try Oracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        let tokenBytes = Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        func randomText(_ length: ClosedRange<Int>) -> String {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: length, using: &rng) {
                let ranges: [ClosedRange<UInt32>] = [0...0x1F, 0x20...0x7E, 0x20...0x7E, 0x7F...0x7FF, 0x800...0xD7FF, 0x10000...0x10FFFF]
                scalars.append(Unicode.Scalar(UInt32.random(in: ranges.randomElement(using: &rng)!, using: &rng))!)
            }
            return String(scalars)
        }
        struct Case {
            let name: String
            let value: String
            let attributes: Cookie.Attributes
            let now: Int64
        }
        var cases = [Case]()
        for _ in 0..<3000 {
            let name = String(decoding: (0..<Int.random(in: 1...12, using: &rng)).map { _ in tokenBytes.randomElement(using: &rng)! }, as: UTF8.self)
            var attributes = Cookie.Attributes()
            attributes.domain = [nil, "example.com", ".a.b.", "x:1", "..a", String(repeating: "d", count: Int.random(in: 60...66, using: &rng)) + ".io"]
                .randomElement(using: &rng)!
            attributes.path = Bool.random(using: &rng) ? nil : randomText(0...8)
            attributes.expires = [nil, Int64.random(in: -70_000_000_000...260_000_000_000, using: &rng)].randomElement(using: &rng)!
            attributes.maxAge = [nil, Int64.random(in: -100_000_000_000...300_000_000_000, using: &rng), Int64.random(in: -100...100, using: &rng)]
                .randomElement(using: &rng)!
            attributes.secure = Bool.random(using: &rng)
            attributes.httpOnly = Bool.random(using: &rng)
            attributes.sameSite = [nil, .lax, .strict, Cookie.SameSite.none].randomElement(using: &rng)!
            attributes.partitioned = Bool.random(using: &rng)
            cases.append(Case(name: name, value: randomText(0...10), attributes: attributes, now: Int64.random(in: 0...4_000_000_000, using: &rng)))
        }
        let requests: [[String: Any]] = cases.map { c in
            let a = c.attributes
            var attributes: [String: Any] = ["secure": a.secure, "httponly": a.httpOnly, "partitioned": a.partitioned,
                                             "path": a.path ?? NSNull()]
            if let domain = a.domain { attributes["domain"] = domain }
            if let expires = a.expires { attributes["expires"] = expires }
            if let maxAge = a.maxAge { attributes["max_age"] = maxAge }
            if let sameSite = a.sameSite { attributes["samesite"] = sameSite.rawValue }
            return ["op": "dump_cookie", "name": c.name, "value": c.value, "attributes": attributes, "now": c.now]
        }
        let answers = try Oracle.ask(requests)
        var readBack = [(value: String, header: [UInt8])]()
        for (c, answer) in zip(cases, answers) {
            let context = "name \(c.name.debugDescription) value \(c.value.debugDescription) \(c.attributes), SIGNET_SEED=\(seed)"
            do {
                let header = try Cookie.setCookie(name: c.name, value: c.value, attributes: c.attributes, maxSize: nil, now: c.now)
                let expected = try XCTUnwrap(answer["header"] as? String, "werkzeug raised, Signet wrote \(header): \(context)")
                if c.value.unicodeScalars.contains(where: { (0x1A...0x1F).contains($0.value) }) {
                    let prefix = header.split(separator: ";", maxSplits: 1)[0]
                    readBack.append((c.value, Array(prefix.utf8)))
                } else {
                    XCTAssertEqual(header, expected, context)
                }
            } catch {
                XCTAssertNotNil(answer["error"], "Signet refused (\(error)), werkzeug wrote \(answer): \(context)")
            }
        }
        XCTAssertFalse(readBack.isEmpty)
        let names = readBack.map { String(decoding: $0.header.prefix { $0 != UInt8(ascii: "=") }, as: UTF8.self) }
        let values = try Oracle.ask(zip(readBack, names).map { ["op": "parse_cookie", "header_hex": $0.header.hex, "name": $1] })
        for ((value, header), answer) in zip(readBack, values) {
            XCTAssertEqual(answer["value_hex"] as? String, Array(value.utf8).hex, "\(String(decoding: header, as: UTF8.self)), SIGNET_SEED=\(seed)")
        }
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
