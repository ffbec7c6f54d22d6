import XCTest
@testable import Signet

/// `SessionUUID` holds its 16 bytes in two words: every way in and out must agree on them, and
/// the `" u"` tag's reader (`init(canonicalHex:)`) must accept exactly what the C API's check
/// (`isCanonicalHex`) accepts, reading the same bytes as the general parser.
final class SessionUUIDTests: XCTestCase {
    private func randomBytes(_ generator: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    func testBytesHexAndTextRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<500 {
            // Edge values first: all zeros, all ones, a single bit at either end.
            let bytes: [UInt8] = switch trial {
            case 0: [UInt8](repeating: 0, count: 16)
            case 1: [UInt8](repeating: 0xFF, count: 16)
            case 2: [0x80] + [UInt8](repeating: 0, count: 15)
            case 3: [UInt8](repeating: 0, count: 15) + [0x01]
            default: randomBytes(&generator)
            }
            let uuid = try XCTUnwrap(SessionUUID(bytes: bytes))
            XCTAssertEqual(uuid.bytes, bytes)
            let hex = uuid.hex
            XCTAssertEqual(hex, bytes.map { String(format: "%02x", $0) }.joined())
            XCTAssertEqual(SessionUUID(hex), uuid)
            XCTAssertEqual(Array(hex.utf8).withUnsafeBufferPointer { SessionUUID(canonicalHex: $0) }, uuid)
            XCTAssertEqual(SessionUUID(hex.uppercased()), uuid)
            // Equal bytes, equal values and hashes; one bit apart, unequal.
            XCTAssertEqual(try XCTUnwrap(SessionUUID(bytes: Array(bytes))).hashValue, uuid.hashValue)
            var flipped = bytes
            flipped[trial % 16] ^= 1 << UInt8(trial % 8)
            XCTAssertNotEqual(SessionUUID(bytes: flipped), uuid)
        }
        XCTAssertNil(SessionUUID(bytes: [UInt8](repeating: 0, count: 15)))
        XCTAssertNil(SessionUUID(bytes: [UInt8](repeating: 0, count: 17)))
    }

    /// Every byte in every position of a canonical text: accepted by the tag's reader exactly
    /// when the check accepts it, and then read as the general parser reads it.
    func testCanonicalHexAcceptsWhatTheCheckAcceptsEverywhere() throws {
        var generator = SystemRandomNumberGenerator()
        let text = Array(try XCTUnwrap(SessionUUID(bytes: randomBytes(&generator))).hex.utf8)
        var accepted = 0
        for position in 0..<32 {
            for byte in UInt8.min...UInt8.max {
                var changed = text
                changed[position] = byte
                let (read, isCanonical) = changed.withUnsafeBufferPointer { (SessionUUID(canonicalHex: $0), SessionUUID.isCanonicalHex($0)) }
                XCTAssertEqual(read != nil, isCanonical, "byte \(byte) at \(position)")
                if let read {
                    accepted += 1
                    XCTAssertEqual(read, SessionUUID(String(decoding: changed, as: UTF8.self)), "byte \(byte) at \(position)")
                }
            }
        }
        XCTAssertEqual(accepted, 16 * 32)
        for count in [0, 31, 33, 64] {
            let other = [UInt8](repeating: UInt8(ascii: "a"), count: count)
            XCTAssertNil(other.withUnsafeBufferPointer { SessionUUID(canonicalHex: $0) }, "\(count) digits")
        }
    }
}
