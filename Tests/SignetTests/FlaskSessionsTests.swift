import Foundation
import XCTest
@testable import Signet

/// Checks Signet against cookies and JSON written by the real Flask 3.1.3
/// (Tests/Scripts/make_flask_vectors.py).
final class FlaskSessionsTests: XCTestCase {
    func loadVectors() throws -> FlaskVectors { try FlaskVectors.load() }

    func testMintsTheCookiesFlaskMints() throws {
        let vectors = try loadVectors()
        let sessions = try FlaskSessions(secretKey: vectors.secret_key, fallbackKeys: vectors.fallback_keys)
        XCTAssertGreaterThan(vectors.sessions.count, 100)
        for vector in vectors.sessions {
            let session = try FlaskSessions.session(fromTaggedJSON: Array(vector.tagged_json.utf8))
            XCTAssertEqual(
                String(decoding: try FlaskSessions.taggedJSON(session), as: UTF8.self), vector.tagged_json, vector.name)
            XCTAssertEqual(try sessions.mint(session, timestamp: vector.timestamp), vector.cookie, vector.name)
            // Every variant: a String from `mint...`, the same cookie's bytes from `mintBytes...`.
            let text = Array(vector.tagged_json.utf8)
            XCTAssertEqual(try sessions.mint(taggedJSON: text, timestamp: vector.timestamp), vector.cookie, vector.name)
            XCTAssertEqual(try sessions.mintBytes(taggedJSON: text, timestamp: vector.timestamp), Array(vector.cookie.utf8), vector.name)
            XCTAssertEqual(try sessions.mintBytes(session, timestamp: vector.timestamp), Array(vector.cookie.utf8), vector.name)
        }
    }

    func testReadsTheCookiesFlaskMints() throws {
        let vectors = try loadVectors()
        let sessions = try FlaskSessions(secretKey: vectors.secret_key, fallbackKeys: vectors.fallback_keys)
        for vector in vectors.sessions {
            let (json, signedAt) = try sessions.verifyTaggedJSON(Array(vector.cookie.utf8), now: vector.timestamp)
            XCTAssertEqual(String(decoding: json, as: UTF8.self), vector.roundtrip_json, vector.name)
            XCTAssertEqual(signedAt, vector.timestamp, vector.name)
        }
    }

    func testVerifiesLikeFlask() throws {
        let vectors = try loadVectors()
        for vector in vectors.verify {
            var configuration = FlaskSessions.Configuration(
                secretKey: Array(vectors.secret_key.utf8), fallbackKeys: vectors.fallback_keys.map { Array($0.utf8) })
            configuration.maxAge = vector.max_age
            let sessions = try FlaskSessions(configuration)
            do {
                let (json, _) = try sessions.verifyTaggedJSON(Array(vector.cookie.utf8), now: vector.now)
                XCTAssertEqual(String(decoding: json, as: UTF8.self), vector.expect.json, vector.name)
            } catch {
                XCTAssertNil(vector.expect.json, "\(vector.name): \(error)")
                XCTAssertEqual(error.kind.pythonClass, vector.expect.error, vector.name)
            }
        }
    }

    func testNewCookiesUseTheCurrentKeyAndFallbacksStillVerify() throws {
        let old = try FlaskSessions(secretKey: "old")
        let rotated = try FlaskSessions(secretKey: "new", fallbackKeys: ["old"])
        let onlyNew = try FlaskSessions(secretKey: "new")
        let legacyCookie = try old.mint(["user": "1"], timestamp: 1_700_000_000)
        XCTAssertEqual(try rotated.verify(legacyCookie, now: 1_700_000_000).session["user"], "1")
        let fresh = try rotated.mint(["user": "1"], timestamp: 1_700_000_000)
        XCTAssertEqual(try onlyNew.verify(fresh, now: 1_700_000_000).session["user"], "1")
        XCTAssertThrowsError(try old.verify(fresh, now: 1_700_000_000))
    }

    func testAnEmptySecretKeyOrFallbackIsRefused() {
        // Flask refuses to sign without SECRET_KEY (and, unlike Signet, accepts an empty fallback).
        for (secret, fallbacks) in [("", [String]()), ("", ["old"]), ("new", [""]), ("new", ["old", ""])] {
            XCTAssertThrowsError(try FlaskSessions(secretKey: secret, fallbackKeys: fallbacks)) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .emptyKey)
            }
            let configuration = FlaskSessions.Configuration(secretKey: Array(secret.utf8), fallbackKeys: fallbacks.map { Array($0.utf8) })
            XCTAssertThrowsError(try FlaskSessions(configuration)) { XCTAssertEqual(($0 as? SignetError)?.kind, .emptyKey) }
        }
    }

    func testExpiryBoundary() throws {
        let sessions = try FlaskSessions(secretKey: "k", maxAge: 100)
        let cookie = try sessions.mint(["a": 1], timestamp: 1000)
        XCTAssertEqual(try sessions.verify(cookie, now: 1100).signedAt, 1000)
        XCTAssertThrowsError(try sessions.verify(cookie, now: 1101)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .signatureExpired)
            XCTAssertEqual((error as? SignetError)?.dateSigned, 1000)
        }
        XCTAssertThrowsError(try sessions.verify(cookie, now: 999)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .signatureExpired)
        }
    }

    func testDecodeUnsafeReadsWithoutAKey() throws {
        let sessions = try FlaskSessions(secretKey: "k")
        let cookie = try sessions.mint(["items": .list(Array(repeating: "x", count: 50))], timestamp: 1_700_000_000)
        XCTAssertTrue(cookie.hasPrefix("."))
        let stranger = try FlaskSessions(secretKey: "other")
        let decoded = try stranger.decodeUnsafe(Array(cookie.utf8))
        XCTAssertEqual(decoded.signedAt, 1_700_000_000)
        XCTAssertFalse(decoded.signatureValid)
        XCTAssertEqual(try decoded.decoded.get()["items"], .list(Array(repeating: "x", count: 50)))
        XCTAssertTrue(try sessions.decodeUnsafe(Array(cookie.utf8), now: 1_700_000_000).signatureValid)
        XCTAssertThrowsError(try stranger.verify(cookie, now: 1_700_000_000))
    }

    func testSessionThatIsNotADictIsABadPayload() throws {
        let serializer = try FlaskSessions(secretKey: "k").serializer
        let cookie = serializer.signPayload(serializer.payloadEncoding.encode(Array("[1,2]".utf8)), timestamp: 5)
        XCTAssertThrowsError(try FlaskSessions(secretKey: "k").verify(cookie, now: 5)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badPayload)
        }
    }
}
