import XCTest
@testable import Signet

/// `StandardBase64.decode`: padded standard base64, canonical only, read by ``Base64Alphabet``'s
/// decoder specialised for `+/`, on the stack up to `stackDecodedLimit` bytes and straight into
/// the result beyond. Its agreement with an independent decoder on random texts of every length
/// is in Base64BlocksTests.
final class StandardBase64Tests: XCTestCase {
    func testDecodeTableHoldsEveryByteIndexInTheAlphabet() {
        XCTAssertEqual(Set(StandardBase64.alphabet).count, 64)
        for byte in UInt8.min...UInt8.max {
            let expected = StandardBase64.alphabet.firstIndex(of: byte).map { UInt8($0) } ?? 0xFF
            XCTAssertEqual(StandardBase64.decodeTable[Int(byte)], expected, "byte \(byte)")
        }
    }

    /// Bytes that vary (all 256 values, in no repeating short pattern) from a random start,
    /// cheap enough for megabytes in a debug build.
    private func randomBytes(_ count: Int) -> [UInt8] {
        var state = UInt64.random(in: 1...UInt64.max)
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    private func decode(_ text: String) -> [UInt8]? { StandardBase64.decode(Array(text.utf8)) }

    func testEmptyTextIsNoBytes() {
        XCTAssertEqual(decode(""), [])
    }

    /// Both sides of the stack limit, each padding, and a text far beyond it (3 MiB of bytes,
    /// more than the default decompressed-size limit lets a `" b"` tag hold).
    func testRoundTripsEverySizeAroundTheStackLimitAndAVeryLongText() {
        let limit = StandardBase64.stackDecodedLimit
        for count in [1, 2, 3, 32, limit - 3, limit - 2, limit - 1, limit, limit + 1, limit + 2, limit + 3, 3 << 20] {
            let bytes = randomBytes(count)
            let text = StandardBase64.encode(bytes)
            XCTAssertEqual(decode(text), bytes, "\(count) bytes")
            // The same text made non-canonical at its end, and with its alphabet swapped, is refused.
            let original = Array(text.utf8)
            var wrong = original
            let last = wrong.lastIndex { $0 != UInt8(ascii: "=") }!
            wrong[last] = UInt8(ascii: "-")
            XCTAssertNil(StandardBase64.decode(wrong), "\(count) bytes, '-' at the end")
            wrong = original
            wrong[0] = UInt8(ascii: "=")
            XCTAssertNil(StandardBase64.decode(wrong), "\(count) bytes, '=' first")
        }
    }

    /// A long text with a defect in its block part, in its table part, and in its last character.
    func testRefusesALongTextWithADefectAnywhere() {
        let text = Array(StandardBase64.encode(randomBytes(StandardBase64.stackDecodedLimit + 100)).utf8)
        for position in [0, 17, text.count / 2, text.count - 5, text.count - 1] {
            for defect: UInt8 in [UInt8(ascii: "_"), UInt8(ascii: "."), 0, 0x80] {
                var wrong = text
                wrong[position] = defect
                XCTAssertNil(StandardBase64.decode(wrong), "\(defect) at \(position)")
            }
        }
    }

    /// Padding: a multiple of four characters, one or two `=` only at the end, none when the
    /// bytes fill the last group.
    func testRefusesBadPadding() {
        for text in ["A", "AQ", "AQI", "AQ=", "AQ===", "A===", "====", "==AQ", "AQ=I", "A=QI", "AQID====", "AQIDBA", "AQIDBA=", "AQIDBA==AQ==", "AQ==AQ=="] {
            XCTAssertNil(decode(text), text)
        }
    }

    /// Non-zero unused bits in the last character are a second spelling of the same bytes,
    /// refused: "AQ==" is 0x01; "AR==" to "AP==" set bits the padding drops.
    func testRefusesNonZeroUnusedBits() {
        XCTAssertEqual(decode("AQ=="), [0x01])
        for sloppy in ["AR==", "AS==", "AT==", "AU==", "AV==", "AW==", "AX==", "AY==", "AZ==", "Aa==", "Ab==", "Ac==", "Ad==", "Ae==", "Af=="] {
            XCTAssertNil(decode(sloppy), sloppy)
        }
        XCTAssertEqual(decode("AQI="), [0x01, 0x02])
        for sloppy in ["AQJ=", "AQK=", "AQL="] {
            XCTAssertNil(decode(sloppy), sloppy)
        }
    }

    /// The URL-safe alphabet's two characters are not the standard alphabet's, anywhere: in the
    /// block part (the first 16 characters) and in the table part.
    func testRefusesTheURLSafeCharacters() {
        let text = Array(StandardBase64.encode(randomBytes(30)).utf8)
        XCTAssertEqual(text.count, 40)
        for position in [0, 15, 16, 39] {
            for character in [UInt8(ascii: "-"), UInt8(ascii: "_")] {
                var wrong = text
                wrong[position] = character
                XCTAssertNil(StandardBase64.decode(wrong), "\(character) at \(position)")
            }
        }
        // The same values in the two alphabets are the same bytes.
        let urlSafe = "----____----____----____"
        let standard = urlSafe.replacing("-", with: "+").replacing("_", with: "/")
        XCTAssertEqual(decode(standard), try? Base64URL.decode(Array(urlSafe.utf8)))
    }
}
