import XCTest
@testable import Signet

final class SignetErrorTests: XCTestCase {
    func testHierarchyMirrorsItsdangerous() {
        XCTAssertTrue(SignetError(.signatureExpired, "").isA(.badTimeSignature))
        XCTAssertTrue(SignetError(.signatureExpired, "").isA(.badSignature))
        XCTAssertTrue(SignetError(.signatureExpired, "").isA(.badData))
        XCTAssertFalse(SignetError(.signatureExpired, "").isA(.badPayload))
        XCTAssertTrue(SignetError(.decompressedTooLarge, "").isA(.badPayload))
        XCTAssertTrue(SignetError(.tokenTooLarge, "").isA(.badSignature))
        XCTAssertFalse(SignetError(.invalidArgument, "").isA(.badData))
        XCTAssertEqual(SignetError(.malformedTimestamp, "").kind.pythonClass, "BadTimeSignature")
    }

    func testRawValuesArePinned() {
        // The C ABI returns -rawValue: these numbers must never change.
        XCTAssertEqual(SignetError.Kind.allCases.map(\.rawValue), Array(1...14) + [102, 107])
    }

    func testMessagesNeverContainTheKey() throws {
        let secret = "very-secret-key-material"
        let serializer = try Serializer.urlSafeTimed(secretKeys: [Array(secret.utf8)])
        let token = serializer.signPayload(Array("eyJhIjoxfQ".utf8), timestamp: 10)
        for tampered in [token + [0x41], Array(token.dropLast()), [], Array("a.b.c".utf8)] {
            do {
                _ = try serializer.loads(tampered, maxAge: 5, now: 20)
                XCTFail("tampered token verified")
            } catch {
                XCTAssertFalse(error.message.contains(secret))
                XCTAssertFalse(error.description.contains(secret))
            }
        }
    }
}
