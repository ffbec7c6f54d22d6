import Foundation
import XCTest
import Signet

/// The README's Swift guide, compiled and run: the block between the markers below must be the
/// README's ```swift block (after its `import Signet` line), character for character.
final class ReadmeTests: XCTestCase {
    func testTheGuideSnippetRunsAsWritten() throws {
        // README-SNIPPET-START
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
        // README-SNIPPET-END
        XCTAssertEqual(login.user_id, "7")
        XCTAssertTrue(header.hasPrefix("session=\(cookie); HttpOnly; Path=/"))
    }

    func testTheReadmeShowsThisVeryCode() throws {
        let root = Fixtures.testsDirectory.deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        guard let blockStart = readme.range(of: "```swift\nimport Signet\n\n"),
            let blockEnd = readme.range(of: "\n```", range: blockStart.upperBound..<readme.endIndex),
            let codeStart = source.range(of: "// README-SNIPPET-START\n"),
            let codeEnd = source.range(of: "        // README-SNIPPET-END")
        else { return XCTFail("README guide block or snippet markers not found") }
        let documented = String(readme[blockStart.upperBound..<blockEnd.lowerBound])
        let tested = source[codeStart.upperBound..<codeEnd.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        XCTAssertEqual(documented + "\n", tested)
    }
}
