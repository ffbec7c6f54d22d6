import XCTest
@testable import Signet

final class SignerTests: XCTestCase {
    func testKnownAnswerFromDocumentation() throws {
        let expected = try KnownAnswers.load().first { $0.name == "Signer.sign" }!
        let signer = try Signer(secretKey: "secret-key")
        XCTAssertEqual(signer.sign("my string"), expected.token)
        XCTAssertEqual(try signer.unsign(expected.token), "my string")
    }
}
