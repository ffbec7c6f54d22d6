import XCTest

@testable import Signet

final class JSONWTF8Tests: XCTestCase {
    /// Strict validation must match the standard library's UTF-8 validation.
    func testValidationMatchesStandardLibrary() {
        var rng = SplitMix64(seed: 0x0717F8)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEE, 0xEF,
                                    0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90]
        for _ in 0..<100_000 {
            let count = Int.random(in: 0..<12, using: &rng)
            let bytes: [UInt8] = (0..<count).map { _ in
                Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            let ours = bytes.withUnsafeBufferPointer { WTF8.firstInvalidUTF8($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) == nil }
            XCTAssertEqual(ours, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
        }
    }

    func testEveryCodePointRoundTrips() {
        var bytes: [UInt8] = []
        for codePoint in UInt32(0)...0x10FFFF {
            bytes.removeAll(keepingCapacity: true)
            WTF8.append(codePoint, to: &bytes)
            guard let (decoded, length) = WTF8.decode(bytes, at: 0), decoded == codePoint, length == bytes.count else {
                return XCTFail("U+\(String(codePoint, radix: 16))")
            }
            if let scalar = Unicode.Scalar(codePoint) {
                XCTAssertEqual(bytes, Array(String(Character(scalar)).utf8))
            }
        }
    }

    func testDecodeRejectsMalformedWTF8() {
        for bytes: [UInt8] in [[0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF8]] {
            XCTAssertNil(WTF8.decode(bytes, at: 0), "\(bytes)")
        }
        // Surrogates are what WTF-8 adds to UTF-8.
        XCTAssertEqual(WTF8.decode([0xED, 0xA0, 0x80], at: 0)?.0, 0xD800)
    }
}
