import XCTest
@testable import Signet

final class Base64URLTests: XCTestCase {
    func testDecodeTableHoldsEveryByteIndexInTheAlphabet() {
        for byte in UInt8.min...UInt8.max {
            let expected = Base64URL.alphabet.firstIndex(of: byte).map { UInt8($0) } ?? 0xFF
            XCTAssertEqual(Base64URL.decodeTable[Int(byte)], expected, "byte \(byte)")
        }
    }

    func testRoundTripsRandomBytes() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64URL.encode(bytes)
            XCTAssertEqual(encoded.count, Base64URL.encodedLength(length))
            XCTAssertFalse(encoded.contains(UInt8(ascii: "=")))
            XCTAssertTrue(encoded.allSatisfy { Base64URL.alphabet.contains($0) })
            XCTAssertEqual(try Base64URL.decode(encoded), bytes)
        }
    }

    func testStrictDecoderRefusesWhatPythonSkips() {
        for text in ["AB+C", "AB/C", "ABC=", "AB==", "A", "ABCDE", " ABC", "AB\nC", "AB\0C", "ABé", "AB.C"] {
            XCTAssertThrowsError(try Base64URL.decode(Array(text.utf8)), text) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .badData)
            }
        }
    }

    func testStrictDecoderRefusesNonZeroUnusedBits() throws {
        // "AB" and "AC" both decode to 0x00 0x10... in Python; only the canonical one is accepted.
        let canonical = Base64URL.encode([0xFF])
        XCTAssertEqual(try Base64URL.decode(canonical), [0xFF])
        var sloppy = canonical
        sloppy[1] = Base64URL.alphabet[Int(Base64URL.decodeTable[Int(sloppy[1])]) | 1]
        XCTAssertThrowsError(try Base64URL.decode(sloppy))
        let two = Base64URL.encode([0xFF, 0xFF])
        var sloppyTwo = two
        sloppyTwo[2] = Base64URL.alphabet[Int(Base64URL.decodeTable[Int(sloppyTwo[2])]) | 1]
        XCTAssertThrowsError(try Base64URL.decode(sloppyTwo))
    }

    func testTimestampBytes() {
        XCTAssertEqual(TimestampBytes.encode(0), [])
        XCTAssertEqual(TimestampBytes.encode(255), [255])
        XCTAssertEqual(TimestampBytes.encode(256), [1, 0])
        XCTAssertEqual(TimestampBytes.encode(UInt64.max), [UInt8](repeating: 255, count: 8))
        // COMPAT.md: 1700000000 -> ZVPxAA.
        XCTAssertEqual(String(decoding: Base64URL.encode(TimestampBytes.encode(1_700_000_000)), as: UTF8.self), "ZVPxAA")
        XCTAssertEqual(TimestampBytes.decode([0, 0, 1]), 1)
        XCTAssertEqual(TimestampBytes.decode([]), 0)
        XCTAssertNil(TimestampBytes.decode([UInt8](repeating: 0, count: 9)))
        for value: UInt64 in [1, 1_700_000_000, 1 << 32, UInt64.max] {
            XCTAssertEqual(TimestampBytes.decode(TimestampBytes.encode(value)), value)
        }
    }
}
