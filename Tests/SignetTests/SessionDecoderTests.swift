import XCTest
@testable import Signet

final class SessionDecoderTests: XCTestCase {
    struct Cart: Decodable, Equatable {
        let items: [Int]
        let owner: String
        let note: String?
    }

    func testDecodesTuplesAsArraysAndMissingOptionalsAsNil() throws {
        let value: SessionValue = ["items": .tuple([1, 2]), "owner": "me"]
        XCTAssertEqual(try SessionDecoder().decode(Cart.self, from: value), Cart(items: [1, 2], owner: "me", note: nil))
    }

    func testReportsTypeMismatchesWithThePath() throws {
        let value: SessionValue = ["items": ["x"], "owner": "me"]
        XCTAssertThrowsError(try SessionDecoder().decode(Cart.self, from: value)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.first?.stringValue, "items")
        }
    }

    func testReportsMissingKeys() {
        XCTAssertThrowsError(try SessionDecoder().decode(Cart.self, from: ["items": []])) { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "owner")
        }
    }

    func testIntegersMustFit() {
        XCTAssertThrowsError(try SessionDecoder().decode(Int8.self, from: 300))
        XCTAssertEqual(try SessionDecoder().decode(Int8.self, from: -5), -5)
        XCTAssertEqual(try SessionDecoder().decode(Double.self, from: 3), 3.0)
        XCTAssertThrowsError(try SessionDecoder().decode(Int.self, from: .integer(JSONInteger(decimal: "1" + String(repeating: "0", count: 30))!)))
    }

    func testTaggedTypesDecodeOnlyFromTheirTag() {
        XCTAssertEqual(try SessionDecoder().decode(SessionBytes.self, from: .bytes([1])), SessionBytes([1]))
        XCTAssertThrowsError(try SessionDecoder().decode(SessionBytes.self, from: "AQ=="))
        XCTAssertThrowsError(try SessionDecoder().decode(SessionUUID.self, from: "12345678123456781234567812345678"))
    }
}
