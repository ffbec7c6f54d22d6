import Foundation
import XCTest
import Signet

/// The Swift code the documentation shows, compiled and run: each block between a
/// `SNIPPET-START <file>` marker and the next `SNIPPET-END` must be, character for character, a
/// ```swift block of that file (after its `import Signet` line).
final class DocumentationSnippetTests: XCTestCase {
    func testTheGuideSnippetRunsAsWritten() throws {
        // SNIPPET-START Sources/Signet/Signet.docc/Signet.md
        // The Flask app's SECRET_KEY, and its SECRET_KEY_FALLBACKS oldest first.
        let sessions = try FlaskSessions(secretKey: "dev-secret", fallbackKeys: ["old-secret"])

        // Mint: byte-identical to the cookie Flask writes for the same session, key and time.
        let cookie = try sessions.mint(["user_id": "42", "cart": .tuple([1, 2]), "_fresh": true])
        let header = try Cookie.setCookie(value: cookie)  // session=...; HttpOnly; Path=/
        print(header)

        // Verify the cookie of a request.
        if let value = Cookie.value(named: "session", inHeader: "theme=dark; session=\(cookie)") {
            do {
                let verified = try sessions.verify(value)
                print(verified.session["user_id"] ?? "anonymous", "signed at", verified.signedAt)  // 42 signed at 17...
            } catch {
                // Forged, expired, or signed with an unknown key: no session, as in Flask,
                // which also fails the request on a bad payload.
                guard error.isA(.badSignature) else { throw error }
                print("logged out:", error)
            }
        }

        // Or with Codable types.
        struct Login: Codable {
            var user_id: String
            var _fresh: Bool
        }
        let typed = try sessions.mint(encoding: Login(user_id: "7", _fresh: false))
        let (login, signedAt) = try sessions.verify(typed, as: Login.self)
        print(login.user_id, signedAt)
        // SNIPPET-END
        XCTAssertEqual(login.user_id, "7")
        XCTAssertTrue(header.hasPrefix("session=\(cookie); HttpOnly; Path=/"))
    }

    func testTheQuickStartRunsAsWritten() throws {
        // SNIPPET-START README.md
        let sessions = try FlaskSessions(secretKey: "dev-secret", fallbackKeys: ["old-secret"])
        let cookie = try sessions.mint(["user_id": "42", "cart": .tuple([1, 2])])  // the bytes Flask writes
        let verified = try sessions.verify(cookie)  // throws SignetError, isA(.badSignature) if forged or expired
        print(verified.session["user_id"] ?? "anonymous", verified.signedAt)
        // SNIPPET-END
        XCTAssertEqual(verified.session["user_id"], "42")
        XCTAssertEqual(verified.session["cart"], .tuple([1, 2]))
    }

    func testTheFrameworksArticleRunsAsWritten() throws {
        // SNIPPET-START Sources/Signet/Signet.docc/Frameworks.md
        // Starlette's SessionMiddleware(secret_key="dev-key"): the cookie it writes, and its header.
        let starlette = try StarletteSessions(secretKey: "dev-key")
        let cookie = try starlette.mint(json: #"{"user_id": 42}"#)
        print(try starlette.setCookie(value: cookie))  // session=...; path=/; Max-Age=1209600; httponly; samesite=lax
        print(try starlette.verify(cookie).json)  // {"user_id": 42}

        // Django's signed_cookies session backend: the value of the cookie `sessionid`.
        let django = try DjangoSessions(secretKey: "dev-key", fallbackKeys: ["old-key"])
        let sessionid = try django.mint(json: #"{"_auth_user_id":"42"}"#)
        print(try django.verify(sessionid).json)  // {"_auth_user_id":"42"}
        // SNIPPET-END
        XCTAssertEqual(try starlette.verify(cookie).json, #"{"user_id": 42}"#)
        XCTAssertTrue(try starlette.setCookie(value: cookie).hasPrefix("session=\(cookie); path=/; Max-Age="))
        XCTAssertEqual(try django.verify(sessionid).json, #"{"_auth_user_id":"42"}"#)
    }

    func testTheDocumentationShowsThisVeryCode() throws {
        let root = Fixtures.testsDirectory.deletingLastPathComponent()
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let startMarker = "// SNIPPET-" + "START "
        let endMarker = "        // SNIPPET-" + "END"
        var checked = 0
        var rest = source[...]
        while let start = rest.range(of: startMarker) {
            guard let lineEnd = rest.range(of: "\n", range: start.upperBound..<rest.endIndex),
                let end = rest.range(of: endMarker, range: lineEnd.upperBound..<rest.endIndex)
            else { return XCTFail("a snippet marker is not closed") }
            let file = String(rest[start.upperBound..<lineEnd.lowerBound])
            let tested = rest[lineEnd.upperBound..<end.lowerBound]
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
                .joined(separator: "\n")
            let document = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            XCTAssertTrue(document.contains("```swift\nimport Signet\n\n" + tested + "```\n"),
                          "\(file) has no ```swift block showing the snippet it is tested by")
            checked += 1
            rest = rest[end.upperBound...]
        }
        XCTAssertEqual(checked, 3)
    }
}
