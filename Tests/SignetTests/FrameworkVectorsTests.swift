import Foundation
import XCTest
@testable import Signet

/// Tests/Vectors/frameworks/*.json, written by the real Starlette and Django
/// (Tests/Scripts/make_framework_vectors.py): every cookie, header, token and outcome there.
final class FrameworkVectorsTests: XCTestCase {
    typealias Object = [String: Any]

    static func load(_ name: String) throws -> Object {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Fixtures.data("frameworks/\(name)")) as? Object)
    }

    static func starlette(_ key: String, _ options: Object) throws -> StarletteSessions {
        var configuration = StarletteSessions.Configuration(secretKey: Array(key.utf8))
        if options.keys.contains("max_age") { configuration.maxAge = (options["max_age"] as? NSNumber)?.int64Value }
        configuration.httpsOnly = options["https_only"] as? Bool ?? false
        configuration.domain = options["domain"] as? String
        configuration.path = options["path"] as? String ?? "/"
        configuration.partitioned = options["partitioned"] as? Bool ?? false
        configuration.cookieName = options["session_cookie"] as? String ?? "session"
        configuration.sameSite = Cookie.SameSite(rawValue: (options["same_site"] as? String ?? "lax").capitalized)!
        return try StarletteSessions(configuration)
    }

    func testStarletteCookiesAndHeaders() throws {
        let vectors = try Self.load("starlette.json")
        let key = try XCTUnwrap(vectors["secret_key"] as? String)
        for session in try XCTUnwrap(vectors["sessions"] as? [Object]) {
            let name = session["name"] as! String
            let sessions = try Self.starlette(key, session["options"] as! Object)
            let timestamp = (session["timestamp"] as! NSNumber).int64Value
            let cookie = try sessions.mint(json: session["json"] as! String, timestamp: timestamp)
            XCTAssertEqual(cookie, session["cookie"] as? String, name)
            XCTAssertEqual(try sessions.setCookie(value: cookie), session["set_cookie"] as? String, name)
            XCTAssertEqual(try sessions.verify(cookie, now: timestamp).json, session["read_json"] as? String, name)
        }
        let sessions = try StarletteSessions(secretKey: key)
        for check in try XCTUnwrap(vectors["verify"] as? [Object]) {
            let name = check["name"] as! String, expect = check["expect"] as! Object
            let outcome = Result { () throws(SignetError) in
                try sessions.verify(check["cookie"] as! String, now: (check["now"] as! NSNumber).int64Value)
            }
            switch outcome {
            case .success(let verified): XCTAssertEqual(verified.json, expect["json"] as? String, name)
            case .failure(let error): XCTAssertEqual(error.kind.pythonClass, expect["error"] as? String, name)
            }
        }
        let deletion = try XCTUnwrap(vectors["deletion"] as? Object)
        XCTAssertEqual(try Self.starlette(key, deletion["options"] as! Object).deletion(), deletion["set_cookie"] as? String)
    }

    func testDjangoSigningTokens() throws {
        let vectors = try Self.load("django.json")
        let key = try XCTUnwrap(vectors["secret_key"] as? String)
        let fallbacks = try XCTUnwrap(vectors["fallback_keys"] as? [String])
        for token in try XCTUnwrap(vectors["signing"] as? [Object]) {
            let name = "\(token["name"]!) \(token["salt"]!) \(token["compress"]!) \(token["algorithm"]!)"
            let signing = try DjangoSigning(DjangoSigning.Configuration(
                secretKey: Array(key.utf8), fallbackKeys: fallbacks.map { Array($0.utf8) },
                salt: Array((token["salt"] as! String).utf8), compress: token["compress"] as! Bool,
                digest: token["algorithm"] as? String == "sha1" ? .sha1 : .sha256))
            let timestamp = (token["timestamp"] as! NSNumber).int64Value
            let minted = try signing.mint(json: token["json"] as! String, timestamp: timestamp)
            XCTAssertEqual(minted, token["token"] as? String, name)
            let verified = try signing.verify(minted)
            XCTAssertEqual(verified.json, token["read_json"] as? String, name)
            XCTAssertEqual(verified.signedAt, timestamp, name)
        }
        for check in try XCTUnwrap(vectors["verify"] as? [Object]) {
            let name = check["name"] as! String, expect = check["expect"] as! Object
            let signing = try DjangoSigning(
                secretKey: key, fallbackKeys: fallbacks, maxAge: (check["max_age"] as? NSNumber)?.int64Value)
            let outcome = Result { () throws(SignetError) in
                try signing.verify(check["token"] as! String, now: (check["now"] as! NSNumber).int64Value)
            }
            switch outcome {
            case .success(let verified): XCTAssertEqual(verified.json, expect["json"] as? String, name)
            case .failure(let error): XCTAssertEqual(error.kind.pythonClass, expect["error"] as? String, name)
            }
        }
    }

    func testDjangoSessionCookies() throws {
        let vectors = try Self.load("django.json")
        let sessions = try DjangoSessions(
            secretKey: vectors["secret_key"] as! String, fallbackKeys: vectors["fallback_keys"] as! [String])
        for session in try XCTUnwrap(vectors["sessions"] as? [Object]) {
            let name = session["name"] as! String
            let timestamp = (session["timestamp"] as! NSNumber).int64Value
            let cookie = try sessions.mint(json: session["json"] as! String, timestamp: timestamp)
            XCTAssertEqual(cookie, session["cookie"] as? String, name)
            XCTAssertEqual(try sessions.verify(cookie, now: timestamp).json, session["read_json"] as? String, name)
            // Django resets the session of an expired cookie; Signet says why.
            XCTAssertEqual((session["expired"] as? Object)?["error"] as? String, "reset")
            XCTAssertThrowsError(try sessions.verify(cookie, now: timestamp + DjangoSessions.defaultMaxAge + 1)) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .signatureExpired, name)
            }
        }
    }

    func testBase62IsDjangos() throws {
        let vectors = try Self.load("django.json")
        for entry in try XCTUnwrap(vectors["base62"] as? [Object]) {
            let text = entry["text"] as! String, number = Int64(entry["number"] as! String)!
            XCTAssertEqual(Array(text.utf8).withUnsafeBytes { Base62.decode($0) }, number, text)
            // Django writes each number one way: the leading zeros it also reads never come back.
            var written = [UInt8]()
            Base62.encode(number, appendingTo: &written)
            if !text.hasPrefix("0") || text == "0", !text.hasPrefix("-0") {
                XCTAssertEqual(String(decoding: written, as: UTF8.self), text)
            }
        }
    }
}
