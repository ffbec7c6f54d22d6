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
        let uuid = SessionUUID("12345678123456781234567812345678")!
        XCTAssertEqual(try SessionDecoder().decode(SessionUUID.self, from: .uuid(uuid)), uuid)
        XCTAssertEqual(try SessionDecoder().decode(SessionDateTime.self, from: .datetime(7)), SessionDateTime(secondsSince1970: 7))
        XCTAssertEqual(try SessionDecoder().decode(SessionMarkup.self, from: .markup("<b>")), SessionMarkup("<b>"))
        // Each wrapper refuses the others' tags, with the same words whether SessionDecoder reads
        // it or its own `init(from:)` does (through a super decoder).
        assertRefused(SessionBytes.self, .datetime(1), holding: "a datetime")
        assertRefused(SessionUUID.self, .bytes([1]), holding: "bytes")
        assertRefused(SessionDateTime.self, .markup("x"), holding: "Markup")
        assertRefused(SessionMarkup.self, .uuid(uuid), holding: "a UUID")
    }

    private struct ThroughSuperDecoder<Wrapped: SessionValueRepresentable & Decodable>: Decodable {
        enum Key: CodingKey { case field }
        init(from decoder: any Decoder) throws {
            _ = try Wrapped(from: decoder.container(keyedBy: Key.self).superDecoder(forKey: .field))
        }
    }

    private func assertRefused<Wrapped: SessionValueRepresentable & Decodable>(
        _ type: Wrapped.Type, _ value: SessionValue, holding held: String, line: UInt = #line
    ) {
        let errors = [
            Result { try SessionDecoder().decode(Wrapped.self, from: value) }.map { _ in () },
            Result { try SessionDecoder().decode(ThroughSuperDecoder<Wrapped>.self, from: ["field": value]) }.map { _ in () },
        ]
        for result in errors {
            guard case .failure(DecodingError.typeMismatch(let mismatched, let context)) = result else {
                return XCTFail("\(result)", line: line)
            }
            XCTAssertTrue(mismatched == Wrapped.self, line: line)
            XCTAssertEqual(context.debugDescription, "the session holds \(held)", line: line)
        }
    }
}
