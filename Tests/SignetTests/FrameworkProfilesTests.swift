import XCTest
@testable import Signet

/// Where Signet is stricter than Starlette or Django, and the limits of their profiles: each
/// refusal is a clear error (README's deviations table).
final class FrameworkProfilesTests: XCTestCase {
    /// A Django-shaped token over `payload`, signed with `key` at `timestamp` text.
    private func djangoToken(_ payload: String, timestamp: String, key: String = "k") throws -> String {
        let signer = try Signer(secretKey: key, salt: DjangoSigning.defaultSalt, separator: ":", digest: .sha256)
        return signer.sign(payload + ":" + timestamp)
    }

    func testBase62RefusesWhatIsNotANumber() {
        for text in ["", "-", "--1", "1.0", " 1", "+1", "AzL8n0Y58m8", "-AzL8n0Y58m9", String(repeating: "z", count: 40)] {
            XCTAssertNil(Array(text.utf8).withUnsafeBytes { Base62.decode($0) }, text)
        }
        XCTAssertEqual(Array(String(repeating: "0", count: 1000).utf8).withUnsafeBytes { Base62.decode($0) }, 0)
    }

    func testDjangoTimestampErrors() throws {
        let signing = try DjangoSigning(secretKey: "k")
        let json = String(decoding: Base64URL.encode(Array("1".utf8)), as: UTF8.self)
        XCTAssertEqual(try signing.verify(try djangoToken(json, timestamp: "1r31eq")).json, "1")
        for (timestamp, kind) in [("", SignetError.Kind.malformedTimestamp), ("-", .malformedTimestamp), ("1!", .malformedTimestamp),
                                  ("AzL8n0Y58m8", .malformedTimestamp)] {
            XCTAssertThrowsError(try signing.verify(try djangoToken(json, timestamp: timestamp))) { error in
                XCTAssertEqual((error as? SignetError)?.kind, kind, timestamp)
            }
        }
        let signer = try Signer(secretKey: "k", salt: DjangoSigning.defaultSalt, separator: ":", digest: .sha256)
        XCTAssertThrowsError(try signing.verify(signer.sign(json))) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .missingTimestamp)
        }
        // The oldest time there is, judged at the latest: the age overflows and is too old.
        let ancient = try djangoToken(json, timestamp: "-AzL8n0Y58m8")
        XCTAssertThrowsError(try DjangoSigning(secretKey: "k", maxAge: 10).verify(ancient, now: Int64.max)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .signatureExpired)
        }
    }

    func testDjangoRefusesNonASCIIJSON() throws {
        // Django reads the JSON as Latin-1, Signet as UTF-8: only ASCII means the same to both.
        let payload = String(decoding: Base64URL.encode(Array(#""é""#.utf8)), as: UTF8.self)
        XCTAssertThrowsError(try DjangoSigning(secretKey: "k").verify(try djangoToken(payload, timestamp: "1"))) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badPayload)
        }
    }

    func testSessionsMustBeObjects() throws {
        XCTAssertThrowsError(try StarletteSessions(secretKey: "k").mint(json: "[1]")) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .invalidArgument)
        }
        XCTAssertThrowsError(try DjangoSessions(secretKey: "k").mint(json: "1")) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .invalidArgument)
        }
        // A signed list of pairs: Starlette makes a dict of it, Signet refuses it.
        let token = try DjangoSigning(secretKey: "k", salt: DjangoSessions.salt, compress: true).mint(json: #"[["a", 1]]"#)
        XCTAssertThrowsError(try DjangoSessions(secretKey: "k").verify(token)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badPayload)
        }
        XCTAssertEqual(try DjangoSigning(secretKey: "k").verify(try DjangoSigning(secretKey: "k").mint(json: "[1]")).json, "[1]")
    }

    func testStarletteRefusesNonCanonicalBase64() throws {
        let signer = TimestampSigner(signer: try Signer(secretKey: "k"))
        let sessions = try StarletteSessions(secretKey: "k")
        let good = String(decoding: signer.sign(Array(#"eyJhIjogMX0="#.utf8), timestamp: 1_700_000_000), as: UTF8.self)
        XCTAssertEqual(try sessions.verify(good, now: 1_700_000_000).json, #"{"a": 1}"#)
        // Python's b64decode skips the stray `!` and reads the missing padding; Signet refuses.
        for payload in ["eyJh!IjogMX0=", "eyJhIjogMX0", "eyJhIjogMX0-"] {
            let token = signer.sign(Array(payload.utf8), timestamp: 1_700_000_000)
            XCTAssertThrowsError(try sessions.verify(token, now: 1_700_000_000)) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .badPayload, payload)
            }
        }
    }

    func testStarletteHeaderRefusesInjection() throws {
        for configuration in [
            StarletteSessions.Configuration(secretKey: [1], cookieName: "a b"),
            StarletteSessions.Configuration(secretKey: [1], cookieName: ""),
            StarletteSessions.Configuration(secretKey: [1], path: "/;evil"),
            StarletteSessions.Configuration(secretKey: [1], path: "/\r\nX: y"),
            StarletteSessions.Configuration(secretKey: [1], domain: "a.org; secure"),
            StarletteSessions.Configuration(secretKey: [1], domain: ""),
        ] {
            let sessions = try StarletteSessions(configuration)
            XCTAssertThrowsError(try sessions.setCookie(value: "v")) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .badCookie)
            }
            XCTAssertThrowsError(try sessions.deletion())
        }
        XCTAssertThrowsError(try StarletteSessions(secretKey: "k").setCookie(value: "a;b"))
    }

    func testEmptyKeysAreRefused() {
        XCTAssertThrowsError(try StarletteSessions(secretKey: ""))
        XCTAssertThrowsError(try DjangoSigning(secretKey: "k", fallbackKeys: [""]))
        XCTAssertThrowsError(try DjangoSessions(secretKey: ""))
    }

    func testDecodeUnsafeReadsABadSignature() throws {
        let cookie = try DjangoSessions(secretKey: "k").mint(json: #"{"a": 1}"#)
        XCTAssertEqual(try DjangoSessions(secretKey: "other").decodeUnsafe(Array(cookie.utf8)), #"{"a":1}"#)
        let starlette = try StarletteSessions(secretKey: "k").mint(json: #"{"a": 1}"#)
        XCTAssertEqual(try StarletteSessions(secretKey: "other").decodeUnsafe(Array(starlette.utf8)), #"{"a": 1}"#)
    }
}
