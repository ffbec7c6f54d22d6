import XCTest
@testable import Signet

final class TimestampSignerTests: XCTestCase {
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

    func testOnlyDjangosCodingLetsAFutureTimestampPassAMaxAge() throws {
        let key = try Signer(secretKey: "secret")
        let django = TimestampSigner(signer: key, coding: .djangoBase62)
        let itsdangerous = TimestampSigner(signer: key)
        for timed in [django, itsdangerous] {
            let token = timed.sign(Array("v".utf8), timestamp: 2_000)
            XCTAssertNoThrow(try timed.unsign(token, now: 1_000))
            XCTAssertThrowsError(try timed.unsign(token, maxAge: 10, now: 2_011)) { error in
                XCTAssertEqual((error as! SignetError).message, "Signature age 11 > 10 seconds")
            }
            // The age, past 64 bits, keeps its true sign: in the future, not too old.
            let refused = Result { () throws(SignetError) in try timed.unsign(token, maxAge: 10, now: Int64.min) }
            if timed.coding == .djangoBase62 {
                XCTAssertEqual(try refused.get().timestamp, 2_000)
                XCTAssertEqual(try timed.unsign(token, maxAge: 10, now: 1_000).timestamp, 2_000)
            } else {
                XCTAssertThrowsError(try refused.get()) { XCTAssertEqual(($0 as! SignetError).message, "Signature age < 0 seconds") }
            }
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

/// Tests/Vectors/itsdangerous/timed.json, written by itsdangerous 2.2.0.
final class TimestampSignerVectorTests: XCTestCase {
    func timed(_ vector: ItsdangerousCase) throws(SignetError) -> TimestampSigner {
        TimestampSigner(signer: try vector.signer(), clock: .fixed(vector.checkedAt ?? vector.signedAt ?? 0),
                        epoch: vector.legacy == true ? .legacy2011 : .unix)
    }

    func testSignsLikeItsdangerous() throws {
        let cases = try ItsdangerousCase.load("timed").filter { $0.op == "sign" }
        XCTAssertGreaterThan(cases.count, 100)
        for vector in cases where vector.representable {
            XCTAssertEqual(try timed(vector).sign([UInt8](hex: vector.value_hex!), timestamp: vector.signedAt!).hex, vector.token_hex, vector.name)
        }
    }

    func testUnsignsLikeItsdangerous() throws {
        let cases = try ItsdangerousCase.load("timed").filter { $0.op == "unsign" }
        XCTAssertGreaterThan(cases.count, 450)  // without the empty-key cases, refused in SignerTests
        for vector in cases where vector.representable {
            let signer = try timed(vector)
            let result = Result { () throws(SignetError) in try signer.unsign(vector.tokenBytes, maxAge: vector.maxAge, now: vector.checkedAt) }
            if vector.expect?.python_crash == true {
                // Python lets a datetime overflow escape; Signet reports a malformed timestamp.
                XCTAssertThrowsError(try result.get(), vector.name) { error in
                    XCTAssertEqual((error as? SignetError)?.kind, .malformedTimestamp, vector.name)
                }
                continue
            }
            guard vector.signetMustAgree else {
                XCTAssertThrowsError(try result.get(), vector.name)
                continue
            }
            switch result {
            case .success(let value):
                XCTAssertEqual(value.value.hex, vector.expect?.value_hex, vector.name)
                if let expected = vector.expect?.timestamp?.int64 { XCTAssertEqual(value.timestamp, expected, vector.name) }
            case .failure(let error) where error.kind == .malformedTimestamp && vector.return_timestamp == false && vector.python_accepts == true:
                // Python skips reading the date when the caller does not ask for it, and would crash
                // if it did (past year 9999); Signet always reads it and calls it malformed.
                break
            case .failure(let error):
                XCTAssertEqual(error.kind.pythonClass, vector.expect?.error, "\(vector.name): \(error)")
                XCTAssertEqual(error.payload?.hex, vector.expect?.payload_hex, vector.name)
                XCTAssertEqual(error.dateSigned, vector.expect?.date_signed?.int64, vector.name)
                if error.kind == .signatureExpired || error.kind == .malformedTimestamp || error.kind == .missingTimestamp {
                    XCTAssertEqual(error.message, vector.expect?.message, vector.name)
                }
            }
        }
    }
}
