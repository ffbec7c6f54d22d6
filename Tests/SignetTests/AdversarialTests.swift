import XCTest
@testable import Signet

/// Hostile cookies against the Flask preset: each gets its own named error, in bounded time
/// and memory, and nothing is decompressed or parsed before the signature verifies.
final class AdversarialTests: XCTestCase {
    let now: Int64 = 1_700_000_000
    lazy var sessions = try! FlaskSessions(secretKey: "adversary-proof")
    lazy var signer = sessions.serializer.signer

    /// A cookie whose signature is valid over arbitrary payload and timestamp text.
    func signed(payload: String, timestamp: String) -> String {
        String(decoding: signer.sign(Array((payload + "." + timestamp).utf8)), as: UTF8.self)
    }

    func signedCompressed(_ data: [UInt8]) -> String {
        let b64 = String(decoding: Base64URL.encode(data), as: UTF8.self)
        return signed(payload: "." + b64, timestamp: "ZVPxAA")
    }

    func expect(_ cookie: String, _ kind: SignetError.Kind, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try sessions.verify(cookie, now: now), file: file, line: line) { error in
            XCTAssertEqual((error as? SignetError)?.kind, kind, "\(cookie.prefix(80)): \(error)", file: file, line: line)
        }
    }

    var valid: String { try! sessions.mint(["user": "42"], timestamp: now) }

    func testStructuralDamage() {
        expect("", .badSignature)
        expect("no-separator-at-all", .badSignature)
        expect("a.b.c.d.e.f", .badTimeSignature)
        let parts = valid.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        expect(parts[0] + "." + parts[1] + ".", .badTimeSignature)
        expect(parts[0] + "." + parts[1], .badTimeSignature)
        expect(String(valid.dropLast()), .badTimeSignature)
        expect(valid + "A", .badTimeSignature)
        expect(valid + "AAAA", .badTimeSignature)
        expect(valid + "." + parts[2], .badTimeSignature)
    }

    func testEveryFlippedBitIsRefused() {
        let bytes = Array(valid.utf8)
        for index in bytes.indices {
            for bit in 0..<7 {
                var damaged = bytes
                damaged[index] ^= 1 << UInt8(bit)
                let cookie = String(decoding: damaged, as: UTF8.self)
                XCTAssertThrowsError(try sessions.verify(cookie, now: now), "byte \(index) bit \(bit)") { error in
                    XCTAssertTrue((error as? SignetError)?.isA(.badSignature) ?? false, "\(error)")
                }
            }
        }
    }

    func testWrongSaltDerivationOrDigest() throws {
        for configuration in [
            FlaskSessions.Configuration(secretKey: Array("adversary-proof".utf8), salt: Array("other".utf8)),
            FlaskSessions.Configuration(secretKey: Array("adversary-proof".utf8), keyDerivation: .djangoConcat),
            FlaskSessions.Configuration(secretKey: Array("adversary-proof".utf8), digest: .sha256),
            FlaskSessions.Configuration(secretKey: Array("wrong-key".utf8)),
        ] {
            let cookie = try FlaskSessions(configuration).mint(["user": "42"], timestamp: now)
            expect(cookie, .badTimeSignature)
        }
    }

    func testBase64OdditiesInTheSignature() {
        let cut = valid.lastIndex(of: ".")!
        let body = String(valid[..<cut]), signature = String(valid[valid.index(after: cut)...])
        let variants = [
            signature.replacingOccurrences("-", "+").replacingOccurrences("_", "/") + "+/",
            signature + "=", signature + "==", " " + signature, signature + "\n", signature + "\0",
            signature + "é", String(signature.dropLast()) + "\u{7F}", signature + "A", String(signature.prefix(1)),
        ]
        for variant in variants {
            expect(body + "." + variant, .badTimeSignature)
        }
    }

    func testTimestampsThatAreNotTimes() {
        expect(signed(payload: "e30", timestamp: ""), .signatureExpired)  // empty = 0, 1970: expired
        expect(signed(payload: "e30", timestamp: "AAAAAAAAAAAA"), .malformedTimestamp)  // 9 bytes
        expect(signed(payload: "e30", timestamp: "__________8"), .malformedTimestamp)  // 2^64-1
        expect(signed(payload: "e30", timestamp: "!!"), .malformedTimestamp)
        expect(signed(payload: "e30", timestamp: "ZVPx+A"), .malformedTimestamp)
    }

    func testDamagedCompression() {
        expect(signedCompressed(Array("not zlib at all".utf8)), .badPayload)
        let good = Array("{\"a\":\"aaaaaaaaaaaaaaaaaaaa\"}".utf8).withUnsafeBytes { Compression.compress($0) }
        expect(signedCompressed(Array(good.dropLast(3))), .badPayload)
        expect(signedCompressed(good + [1, 2, 3]), .badPayload)
        expect(signed(payload: ".", timestamp: "ZVPxAA"), .badPayload)
        expect(signed(payload: ".A", timestamp: "ZVPxAA"), .badPayload)
        expect(signed(payload: "e30=", timestamp: "ZVPxAA"), .badPayload)
    }

    func testASignedZlibBombStopsAtTheCap() throws {
        // 100 MB of a repeated JSON string, as in the Python hole: about 100 KB compressed.
        var json = Array("{\"a\":\"".utf8)
        json += [UInt8](repeating: UInt8(ascii: "a"), count: 100_000_000)
        json += Array("\"}".utf8)
        let bomb = json.withUnsafeBytes { Compression.compress($0) }
        json = []
        var configuration = FlaskSessions.Configuration(secretKey: Array("adversary-proof".utf8))
        configuration.limits.maxTokenLength = 1 << 20
        let roomy = try FlaskSessions(configuration)
        let cookie = String(decoding: roomy.serializer.signer.sign(
            Array(("." + String(decoding: Base64URL.encode(bomb), as: UTF8.self) + ".ZVPxAA").utf8)), as: UTF8.self)
        XCTAssertThrowsError(try roomy.verify(cookie, now: now)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .decompressedTooLarge)
        }
    }

    func testOversizedTokensAreRefusedBeforeAnyWork() {
        let huge = String(repeating: "a", count: Limits.default.maxTokenLength + 1)
        expect(huge, .tokenTooLarge)
        expect(signed(payload: String(repeating: "e", count: Limits.default.maxTokenLength), timestamp: "ZVPxAA"), .tokenTooLarge)
    }

    func testNothingIsDecodedBeforeTheSignatureVerifies() throws {
        // An unsigned zlib bomb with a wrong signature must be rejected as a bad signature,
        // without inflating: the error kind proves the payload was never looked at.
        let bomb = [UInt8](repeating: 0, count: 10 << 20).withUnsafeBytes { Compression.compress($0) }
        let cookie = "." + String(decoding: Base64URL.encode(bomb), as: UTF8.self) + ".ZVPxAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA"
        var configuration = FlaskSessions.Configuration(secretKey: Array("adversary-proof".utf8))
        configuration.limits.maxTokenLength = 1 << 20
        XCTAssertThrowsError(try FlaskSessions(configuration).verify(cookie, now: now)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badTimeSignature)
        }
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
