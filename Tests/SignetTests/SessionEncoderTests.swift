import XCTest
@testable import Signet

final class SessionEncoderTests: XCTestCase {
    struct Login: Codable, Equatable {
        var userID: String
        var fresh: Bool
        var roles: [String]
        var visits: Int
        var score: Double
        var avatar: SessionBytes
        var token: SessionUUID
        var lastSeen: SessionDateTime
        var banner: SessionMarkup
        var nickname: String?
    }

    let login = Login(
        userID: "42", fresh: true, roles: ["admin", "dev"], visits: 7, score: 0.5,
        avatar: SessionBytes([0, 255]), token: SessionUUID("12345678123456781234567812345678")!,
        lastSeen: SessionDateTime(secondsSince1970: 1_577_934_245), banner: SessionMarkup("<b>hi</b>"), nickname: nil)

    func testEncodesStructsAsTaggedDicts() throws {
        guard case .dict(let dict) = try SessionEncoder().encode(login) else { return XCTFail("not a dict") }
        XCTAssertEqual(dict.keys.map(\.description), ["userID", "fresh", "roles", "visits", "score", "avatar", "token", "lastSeen", "banner"])
        XCTAssertEqual(dict["avatar"], .bytes([0, 255]))
        XCTAssertEqual(dict["lastSeen"], .datetime(1_577_934_245))
        XCTAssertEqual(dict["banner"], .markup("<b>hi</b>"))
        XCTAssertEqual(dict["roles"], ["admin", "dev"])
        XCTAssertEqual(dict["visits"], 7)
    }

    func testRoundTripsThroughTheDecoder() throws {
        let value = try SessionEncoder().encode(login)
        XCTAssertEqual(try SessionDecoder().decode(Login.self, from: value), login)
    }

    func testEncodesUnsignedIntegersBeyondInt64() throws {
        XCTAssertEqual(try SessionEncoder().encode(UInt64.max), .integer(JSONInteger(decimal: "18446744073709551615")!))
    }

    func testSessionValuePassesThroughUnchanged() throws {
        let value: SessionValue = ["t": .tuple([1, "a"]), "n": nil]
        XCTAssertEqual(try SessionEncoder().encode(["inner": value]), .dict(["inner": value]))
    }
}
