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
        // Without a signature the timestamp is read as one; the payload then has no separator
        // left, so Python (and Signet) report the plain BadSignature.
        expect(parts[0] + "." + parts[1], .badSignature)
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

/// The rest of issue 7's corpus: `none`-style tokens, base64 oddities in the signed payload
/// (checked against Flask itself), timestamps Python overflows on, limits reached by signed
/// payloads, Flask tags over the wrong type, and key hygiene.
extension AdversarialTests {
    /// Signs `raw` with the cookie signer (no timestamp added), so only its content can be wrong.
    func signedRaw(_ raw: String) -> String {
        String(decoding: signer.sign(Array(raw.utf8)), as: UTF8.self)
    }

    func testNoneAlgorithmTokensAreRefused() throws {
        // itsdangerous's NoneAlgorithm: an empty signature. A verifier using HMAC refuses it.
        let unsigned = try Serializer(
            secretKeys: [Array("adversary-proof".utf8)], salt: Array("cookie-session".utf8),
            signer: SignerOptions(keyDerivation: .hmac, digest: .sha1, algorithm: .none),
            payloadEncoding: .urlSafe, jsonOptions: .flask, timing: .timed(clock: .fixed(now), epoch: .unix))
        let token = String(decoding: try unsigned.dumps(.object(JSONObject([("user", .string("admin"))]))), as: UTF8.self)
        XCTAssertTrue(token.hasSuffix("."), token)
        expect(token, .badTimeSignature)
        // Without even the empty signature the timestamp is taken for one (as in Python).
        expect(String(token.dropLast()), .badSignature)
    }

    /// Base64 oddities inside a correctly signed payload, each with Signet's named error; Python's
    /// verdict (Flask 3.1.3, asked live) is recorded next to it. Signet decodes base64 strictly
    /// (COMPAT.md): it may refuse what Python's lenient decoder accepts, never the reverse.
    static let payloadOddities: [(payload: String, kind: SignetError.Kind?)] = [
        ("e30", nil),                      // {}: the baseline
        ("e30=", .badPayload), ("e30==", .badPayload), ("e30=A", .badPayload), ("=e30", .badPayload),  // padding
        ("e3+", .badPayload), ("eyJh+IjoxfQ", .badPayload), ("eyJhIjox/Q", .badPayload),  // '+' and '/'
        ("e3 0", .badPayload), ("e30\n", .badPayload), ("e3\t0", .badPayload), (" e30", .badPayload),  // whitespace
        ("e\u{0}30", .badPayload), ("\u{e9}30", .badPayload), ("e3\u{7F}0", .badPayload),  // NUL, non-ASCII, DEL
        ("e", .badPayload), ("e30AA", .badPayload),  // length 1 mod 4
        ("e_30", .badPayload),  // decodes, but not to UTF-8 JSON
        (".", .badPayload), (".e", .badPayload), (". eJyrVkpUsjKsBQAIiAG_", .badPayload),
    ]

    func testBase64OdditiesInTheSignedPayload() throws {
        for (payload, kind) in Self.payloadOddities {
            let cookie = signedRaw(payload + ".ZVPxAA")
            if let kind {
                XCTAssertThrowsError(try sessions.verify(cookie, now: now), "\(payload.debugDescription)") { error in
                    let error = error as? SignetError
                    XCTAssertTrue(error?.kind == kind || error?.isA(kind) == true, "\(payload.debugDescription): \(String(describing: error))")
                }
            } else {
                XCTAssertNoThrow(try sessions.verify(cookie, now: now), payload.debugDescription)
            }
        }
    }

    func testSignetNeverAcceptsAPayloadFlaskRefuses() throws {
        try Oracle.require()
        let cases = Self.payloadOddities.map(\.payload) + ["eyJhIjoxfQ", "eyJhIjoxfQ==", ".eJyrVkpUsjKsBQAIiAG_", "e30AAA"]
        let requests: [[String: Any]] = cases.map {
            ["op": "flask_load", "secret_key": "adversary-proof", "fallbacks": [String](), "cookie": signedRaw($0 + ".ZVPxAA"),
             "now": now, "max_age": 2_678_400]
        }
        for (index, answer) in try Oracle.ask(requests).enumerated() {
            let result = Result { () throws(SignetError) in try sessions.verifyTaggedJSON(Array(signedRaw(cases[index] + ".ZVPxAA").utf8), now: now) }
            switch result {
            case .success(let (json, _)):
                XCTAssertEqual(answer["tagged_json"] as? String, String(decoding: json, as: UTF8.self),
                               "\(cases[index].debugDescription): Signet accepts, Flask says \(answer)")
            case .failure(let error):
                // Both refuse with the same class, or Flask accepts what strict base64 refuses.
                if let pythonError = answer["error"] as? String {
                    XCTAssertEqual(error.kind.pythonClass, pythonError, cases[index].debugDescription)
                } else {
                    XCTAssertTrue(error.isA(.badPayload), "\(cases[index].debugDescription): \(error)")
                }
            }
        }
    }

    func testTimestampsPythonCannotRead() {
        // Python 3.11 raises OverflowError, OSError or ValueError on these (an HTTP 500 in
        // Flask); Signet names them malformed timestamps.
        expect(signedRaw("e30.__________8"), .malformedTimestamp)  // 2^64-1: OverflowError
        expect(signedRaw("e30.gAAAAAAAAAA"), .malformedTimestamp)  // 2^63: OverflowError
        expect(signedRaw("e30.f_________8"), .malformedTimestamp)  // 2^63-1: OSError
        expect(signedRaw("e30.ZVPxAAA"), .malformedTimestamp)      // year 15760: ValueError
        expect(signedRaw("e30." + String(repeating: "A", count: 4000)), .malformedTimestamp)  // oversized
        expect(signedRaw("e30.ZVPxAA\u{0}"), .malformedTimestamp)
        expect(signedRaw("e30. ZVPxAA"), .malformedTimestamp)
        expect(signedRaw("e30"), .missingTimestamp)
        expect(signedRaw("e30."), .signatureExpired)  // empty: 0, 1970
    }

    func testLimitsReachedBySignedPayloads() throws {
        func cookie(json: [UInt8]) -> String {
            let compressed = json.withUnsafeBytes { Compression.compress($0) }
            return signedRaw("." + String(decoding: Base64URL.encode(compressed), as: UTF8.self) + ".ZVPxAA")
        }
        let deep = Array("{\"a\":".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000) + Array("}".utf8)
        expect(cookie(json: deep), .jsonTooDeep)
        expect(cookie(json: Array(("{\"a\":" + String(repeating: "7", count: 4301) + "}").utf8)), .integerTooLong)
        XCTAssertNoThrow(try sessions.verify(cookie(json: Array(("{\"a\":" + String(repeating: "7", count: 4300) + "}").utf8)), now: now))
        expect(cookie(json: Array("{\"a\":".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 1001)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 1001) + Array("}".utf8)), .jsonTooDeep)
        // The explicit unsafe decode parses unverified payloads, so it honours the same limits.
        let forged = cookie(json: deep).dropLast(3) + "AAA"
        expect(String(forged), .badTimeSignature)
        XCTAssertThrowsError(try sessions.decodeUnsafe(Array(forged.utf8)).decoded.get()) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .jsonTooDeep)
        }
    }

    func testEveryFlaskTagOverTheWrongTypeIsABadPayload() {
        let wrong = [
            #"{" t":1}"#, #"{" t":"ab"}"#, #"{" t":{}}"#, #"{" b":"!!"}"#, #"{" b":[]}"#, #"{" b":1}"#, #"{" m":null}"#,
            #"{" m":[]}"#, #"{" u":"12"}"#, #"{" u":7}"#, #"{" u":"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}"#, #"{" d":"never"}"#,
            #"{" d":5}"#, #"{" di":[]}"#, #"{" di":"x"}"#,
        ]
        for value in wrong {
            let json = Array(("{\"x\":" + value + "}").utf8)
            let cookie = signedRaw(String(decoding: Base64URL.encode(json), as: UTF8.self) + ".ZVPxAA")
            expect(cookie, .badPayload)
        }
    }

    func testErrorsNeverCarryTheKey() throws {
        // Refusals of every kind, described every way, hold neither the secret key nor the
        // derived signing key (raw, hex or base64).
        let secret = "adversary-proof"
        let derived = Array(secret.utf8).withUnsafeBytes { key in
            KeyDerivation.hmac.derive(secretKey: key, salt: Array("cookie-session".utf8), digest: .sha1).withUnsafeBytes { Array($0) }
        }
        let forbidden = [
            secret, String(decoding: Base64URL.encode(derived), as: UTF8.self),
            derived.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(),
            derived.map(String.init).joined(separator: ", "), Array(secret.utf8).map(String.init).joined(separator: ", "),
        ]
        var texts = [String]()
        let hostile = ["", "x", "a.b.c", signedRaw("e30.__________8"), signedRaw("e_30.ZVPxAA"), signedRaw("e30"), valid + "A",
                       signedRaw("e30."), String(repeating: "a", count: 70_000)]
        for raw in hostile {
            do { _ = try sessions.verify(raw, now: now) } catch {
                texts += ["\(error)", String(reflecting: error), error.message, error.localizedDescription]
            }
            do { _ = try sessions.decodeUnsafe(Array(raw.utf8)).decoded.get() } catch { texts += ["\(error)", String(reflecting: error)] }
        }
        texts += [String(reflecting: sessions.serializer), String(reflecting: signer), "\(signer)", "\(sessions)",
                  String(reflecting: sessions), "\(sessions.configuration)"]
        var dumped = ""
        dump(sessions, to: &dumped)
        texts.append(dumped)
        XCTAssertTrue(dumped.contains("bytes redacted"), dumped)
        XCTAssertGreaterThan(texts.count, 20)
        for text in texts {
            for secret in forbidden { XCTAssertFalse(text.contains(secret), text) }
        }
    }
}
