import Foundation
import XCTest
@testable import Signet

final class SignerTests: XCTestCase {
    func testRefusesSeparatorsFromTheBase64Alphabet() {
        for separator in ["a", "Z", "0", "-", "_", "=", "", "ac", ".a"] {
            XCTAssertThrowsError(try Signer(secretKey: "k", separator: separator), separator) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .invalidArgument)
            }
        }
        for separator in [".", ":", "|", "~", "::", "!"] {
            XCTAssertNoThrow(try Signer(secretKey: "k", separator: separator), separator)
        }
    }

    func testRefusesAnEmptyKeyList() {
        XCTAssertThrowsError(try Signer(secretKeys: [])) { XCTAssertEqual(($0 as? SignetError)?.kind, .invalidArgument) }
    }

    func testNewestKeySignsAndEveryKeyVerifies() throws {
        let old = try Signer(secretKey: "old")
        let rotated = try Signer(secretKeys: [Array("old".utf8), Array("new".utf8)])
        let new = try Signer(secretKey: "new")
        XCTAssertEqual(rotated.sign("x"), new.sign("x"))
        XCTAssertEqual(try rotated.unsign(old.sign("x")), "x")
        XCTAssertThrowsError(try new.unsign(old.sign("x")))
    }

    func testSplitsOnTheLastSeparator() throws {
        let signer = try Signer(secretKey: "k")
        XCTAssertEqual(try signer.unsign(signer.sign("a.b.c")), "a.b.c")
        let multi = try Signer(secretKey: "k", separator: "::")
        XCTAssertEqual(try multi.unsign(multi.sign("a::b")), "a::b")
    }

    func testBadSignatureCarriesThePayload() throws {
        let signer = try Signer(secretKey: "k")
        XCTAssertThrowsError(try signer.unsign("value.AAAA")) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badSignature)
            XCTAssertEqual((error as? SignetError)?.payload, Array("value".utf8))
        }
        XCTAssertThrowsError(try signer.unsign("no separator")) { error in
            XCTAssertNil((error as? SignetError)?.payload)
        }
        XCTAssertFalse(signer.validate(Array("value.".utf8)))
    }

    func testTheUnsignedNoneAlgorithmIsExplicit() throws {
        let unsigned = try Signer(secretKey: "k", algorithm: .none)
        XCTAssertEqual(unsigned.sign("v"), "v.")
        XCTAssertEqual(try unsigned.unsign("v."), "v")
        // A default signer never accepts an unsigned token.
        XCTAssertThrowsError(try Signer(secretKey: "k").unsign("v."))
        XCTAssertEqual(try Signer(secretKey: "k").algorithm, .hmac)
    }

    func testSharedAcrossThreads() throws {
        let signer = try Signer(secretKeys: [Array("a".utf8), Array("b".utf8)], digest: .sha256)
        let tokens = (0..<64).map { signer.sign(Array("value \($0)".utf8)) }
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for round in 0..<200 {
                let index = (worker * 31 + round) % tokens.count
                XCTAssertEqual(try? signer.unsign(tokens[index]), Array("value \(index)".utf8))
            }
        }
    }
}
