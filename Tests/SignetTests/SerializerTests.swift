import XCTest
@testable import Signet

/// Tests/Vectors/itsdangerous/serializer.json, written by itsdangerous 2.2.0.
final class SerializerTests: XCTestCase {
    func testDumpsLikeItsdangerous() throws {
        let cases = try ItsdangerousCase.load("serializer").filter { $0.op == "dumps" }
        XCTAssertGreaterThan(cases.count, 240)  // without the empty-key cases, refused in SignerTests
        for vector in cases {
            let token = try vector.serializer().dumps(try pythonValue(vector.obj_json!), timestamp: vector.signedAt)
            XCTAssertEqual(String(decoding: token, as: UTF8.self), vector.token, vector.name)
        }
    }

    func testLoadsLikeItsdangerous() throws {
        let cases = try ItsdangerousCase.load("serializer").filter { $0.op == "loads" }
        XCTAssertGreaterThan(cases.count, 200)
        for vector in cases where vector.representable {
            let serializer = try vector.serializer()
            let result = Result { () throws(SignetError) in try serializer.loads(vector.tokenBytes, maxAge: vector.maxAge, now: vector.checkedAt) }
            if vector.expect?.python_crash == true {
                XCTAssertThrowsError(try result.get(), vector.name)
                continue
            }
            guard vector.signetMustAgree else {
                XCTAssertThrowsError(try result.get(), vector.name)
                continue
            }
            if vector.note?.contains("trailing garbage") == true {
                // Python's zlib.decompress ignores bytes after the stream; Signet refuses them
                // (README: deviations).
                XCTAssertThrowsError(try result.get(), vector.name) { error in
                    XCTAssertEqual((error as? SignetError)?.kind, .badPayload)
                }
                continue
            }
            switch result {
            case .success(let loaded):
                XCTAssertEqual(try pythonText(loaded.value), vector.expect?.obj_json, vector.name)
                if let expected = vector.expect?.timestamp?.int64 { XCTAssertEqual(loaded.timestamp, expected, vector.name) }
            case .failure(let error):
                XCTAssertEqual(error.kind.pythonClass, vector.expect?.error, "\(vector.name): \(error)")
            }
        }
    }

    func testLoadsUnsafeLikeItsdangerous() throws {
        for vector in try ItsdangerousCase.load("serializer") where vector.op == "loads_unsafe" && vector.signetMustAgree {
            let serializer = try vector.serializer()
            let result = Result { () throws(SignetError) in try serializer.loadsUnsafe(vector.tokenBytes, maxAge: vector.maxAge, now: vector.checkedAt) }
            switch result {
            case .success(let (valid, value)):
                XCTAssertEqual(valid, vector.expect?.valid, vector.name)
                XCTAssertEqual(try value.map(pythonText), vector.expect?.obj_json, vector.name)
            case .failure(let error):
                XCTAssertEqual(error.kind.pythonClass, vector.expect?.error, "\(vector.name): \(error)")
            }
        }
    }

    func testExpiredStopsTheFallbackSearch() throws {
        let old = try Serializer.urlSafeTimed(secretKeys: [Array("k".utf8)], signer: SignerOptions(digest: .sha1), clock: .fixed(100))
        let token = try old.dumps(.integer(JSONInteger(1)))
        let withFallback = try Serializer.urlSafeTimed(
            secretKeys: [Array("k".utf8)], signer: SignerOptions(digest: .sha256), fallbackSigners: [SignerOptions(digest: .sha1)])
        XCTAssertEqual(try withFallback.loads(token, maxAge: 10, now: 105).value, .integer(JSONInteger(1)))
        XCTAssertThrowsError(try withFallback.loads(token, maxAge: 10, now: 111)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .signatureExpired)
        }
    }
}
