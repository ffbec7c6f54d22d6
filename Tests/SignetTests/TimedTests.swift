import XCTest
@testable import Signet

final class TimedTests: XCTestCase {
    func signer(clock: Clock = .fixed(1_000), epoch: TimestampEpoch = .unix) throws -> TimestampSigner {
        TimestampSigner(signer: try Signer(secretKey: "secret"), clock: clock, epoch: epoch)
    }

    func testSignsWithTheClockAndReturnsTheTimestamp() throws {
        let timed = try signer()
        let token = timed.sign(Array("v".utf8))
        let result = try timed.unsign(token)
        XCTAssertEqual(result.value, Array("v".utf8))
        XCTAssertEqual(result.timestamp, 1_000)
        XCTAssertEqual(try timed.unsign(timed.sign(Array("v".utf8), timestamp: 5)).timestamp, 5)
    }

    func testAgeEqualToMaxAgePassesAndOneMoreExpires() throws {
        let timed = try signer()
        let token = timed.sign(Array("v".utf8), timestamp: 1_000)
        XCTAssertNoThrow(try timed.unsign(token, maxAge: 10, now: 1_010))
        XCTAssertThrowsError(try timed.unsign(token, maxAge: 10, now: 1_011)) { error in
            let error = error as! SignetError
            XCTAssertEqual(error.kind, .signatureExpired)
            XCTAssertEqual(error.message, "Signature age 11 > 10 seconds")
            XCTAssertEqual(error.dateSigned, 1_000)
            XCTAssertEqual(error.payload, Array("v".utf8))
        }
    }

    func testFutureTimestampsExpireOnlyWithMaxAge() throws {
        let timed = try signer()
        let token = timed.sign(Array("v".utf8), timestamp: 2_000)
        XCTAssertNoThrow(try timed.unsign(token, now: 1_000))
        XCTAssertThrowsError(try timed.unsign(token, maxAge: 5_000, now: 1_000)) { error in
            XCTAssertEqual((error as! SignetError).message, "Signature age -1000 < 0 seconds")
        }
    }

    func testErrorOrder() throws {
        let timed = try signer()
        let plain = try Signer(secretKey: "secret")
        // No separator at all: BadSignature, not a timestamp error.
        XCTAssertThrowsError(try timed.unsign(Array("novalue".utf8))) { XCTAssertEqual(($0 as! SignetError).kind, .badSignature) }
        // A valid plain signature without a timestamp: timestamp missing.
        XCTAssertThrowsError(try timed.unsign(plain.sign(Array("v".utf8)))) { XCTAssertEqual(($0 as! SignetError).kind, .missingTimestamp) }
        // A valid signature over an unreadable timestamp: malformed.
        XCTAssertThrowsError(try timed.unsign(plain.sign(Array("v.!!".utf8)))) { XCTAssertEqual(($0 as! SignetError).kind, .malformedTimestamp) }
        XCTAssertThrowsError(try timed.unsign(plain.sign(Array("v.AAAAAAAAAAAA".utf8)))) { XCTAssertEqual(($0 as! SignetError).kind, .malformedTimestamp) }
        // A bad signature over a readable timestamp: BadTimeSignature with the date.
        var token = timed.sign(Array("v".utf8), timestamp: 77)
        token[0] = UInt8(ascii: "w")
        XCTAssertThrowsError(try timed.unsign(token)) { error in
            let error = error as! SignetError
            XCTAssertEqual(error.kind, .badTimeSignature)
            XCTAssertEqual(error.dateSigned, 77)
            XCTAssertEqual(error.payload, Array("w".utf8))
        }
    }

    func testTimestampsBeyondYear9999AreMalformedNotACrash() throws {
        let timed = try signer()
        let token = timed.sign(Array("v".utf8), timestamp: Int64(maxRepresentableTimestamp) + 1)
        XCTAssertThrowsError(try timed.unsign(token, maxAge: 10)) { XCTAssertEqual(($0 as! SignetError).kind, .malformedTimestamp) }
        let huge = try Signer(secretKey: "secret").sign(Array("v.".utf8) + Base64URL.encode(TimestampBytes.encode(UInt64.max)))
        XCTAssertThrowsError(try timed.unsign(huge)) { XCTAssertEqual(($0 as! SignetError).kind, .malformedTimestamp) }
        XCTAssertEqual(try timed.unsign(timed.sign(Array("v".utf8), timestamp: Int64(maxRepresentableTimestamp))).timestamp, Int64(maxRepresentableTimestamp))
    }

    func testLegacyEpochCountsFrom2011() throws {
        let legacy = try signer(epoch: .legacy2011)
        let token = legacy.sign(Array("v".utf8), timestamp: 1_293_840_000 + 256)
        let parts = token.split(separator: UInt8(ascii: "."))
        XCTAssertEqual(try Base64URL.decode(parts[1]), [1, 0])
        XCTAssertEqual(try legacy.unsign(token).timestamp, 1_293_840_256)
        XCTAssertEqual(try signer().unsign(token).timestamp, 256)
    }

    func testValidate() throws {
        let timed = try signer()
        let token = timed.sign(Array("v".utf8), timestamp: 1_000)
        XCTAssertTrue(timed.validate(token, maxAge: 1, now: 1_001))
        XCTAssertFalse(timed.validate(token, maxAge: 1, now: 1_002))
        XCTAssertFalse(timed.validate(Array(token.dropLast())))
    }
}
