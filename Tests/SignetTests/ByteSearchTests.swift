import XCTest
@testable import Signet

/// `ByteSearch` (libc's `memchr` under the cookie scan and the token split) must agree with a
/// plain loop on every range of random buffers, including empty ranges and matches at the ends.
final class ByteSearchTests: XCTestCase {
    func testAgreesWithALoopOnEveryRange() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 15, 16, 17, 64, 100] {
            // A small alphabet, so that every range holds none, one or many matches.
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...3, using: &generator) }
            bytes.withUnsafeBytes { buffer in
                for lower in 0...length {
                    for upper in lower...length {
                        for byte: UInt8 in 0...4 {
                            let range = lower..<upper
                            XCTAssertEqual(ByteSearch.firstIndex(of: byte, in: buffer, range: range),
                                           range.first { bytes[$0] == byte }, "\(bytes) \(range) \(byte)")
                            XCTAssertEqual(ByteSearch.lastIndex(of: byte, in: buffer, range: range),
                                           range.last { bytes[$0] == byte }, "\(bytes) \(range) \(byte)")
                        }
                    }
                }
            }
        }
    }

    func testAnEmptyBufferHasNoMatch() {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        XCTAssertNil(ByteSearch.firstIndex(of: 0, in: empty, range: 0..<0))
        XCTAssertNil(ByteSearch.lastIndex(of: 0, in: empty, range: 0..<0))
    }
}
