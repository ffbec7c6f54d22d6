import XCTest

@testable import Signet

/// The fast path must give exactly what the general path gives, or step aside.
final class FastTokensTests: XCTestCase {
    let now: Int64 = 1_764_000_000

    func fastVerify(_ fast: FastTokens, _ token: [UInt8], maxAge: Int64? = FlaskSessions.defaultMaxAge, capacity: Int = 65536) -> (FastOutcome, [UInt8]) {
        var out = [UInt8](repeating: 0, count: capacity)
        let outcome = token.withUnsafeBytes { t in out.withUnsafeMutableBytes { fast.verify(t, maxAge: maxAge, now: now, into: $0) } }
        switch outcome {
        case .done(let length, _): return (outcome, Array(out[0..<length]))
        case .verifiedJSON(let json, _): return (outcome, Array(json))
        default: return (outcome, [])
        }
    }

    func fastMint(_ fast: FastTokens, _ json: [UInt8], timestamp: Int64, capacity: Int = 65536) -> (FastOutcome, [UInt8]) {
        var out = [UInt8](repeating: 0, count: capacity)
        let outcome = json.withUnsafeBytes { j in out.withUnsafeMutableBytes { fast.mint(j, timestamp: timestamp, into: $0) } }
        if case .done(let length, _) = outcome { return (outcome, Array(out[0..<length])) }
        return (outcome, [])
    }

    func isGeneral(_ outcome: FastOutcome) -> Bool {
        if case .general = outcome { return true }
        return false
    }

    func testAgreesWithTheGeneralPathOnRandomSessions() throws {
        var (rng, seed) = SplitMix64.fromEnvironment()
        let sessions = try FlaskSessions(secretKey: "fast-secret", fallbackKeys: ["older"])
        let fast = FastTokens(serializer: sessions.serializer, flaskTags: true)
        var fastVerified = 0
        for _ in 0..<300 {
            let session = FlaskDifferentialTests.randomDict(&rng, depth: 0)
            let timestamp = now - Int64.random(in: 0...100, using: &rng)
            let cookie = try sessions.mintBytes(session, timestamp: timestamp)
            let json = try FlaskSessions.taggedJSON(session)
            let (verified, text) = fastVerify(fast, cookie)
            switch verified {
            case .done(_, let signedAt):
                fastVerified += 1
                XCTAssertEqual(text, json, "seed \(seed)")
                XCTAssertEqual(signedAt, timestamp)
            case .verifiedJSON(_, let signedAt):
                // Genuine but not canonical: the JSON inside must give the same session.
                XCTAssertEqual(CanonicalJSONTests.reference(text, flaskTags: true), json, "seed \(seed)")
                XCTAssertEqual(signedAt, timestamp)
            default:
                XCTFail("a genuine fresh cookie must verify, seed \(seed)")
            }
            let (minted, token) = fastMint(fast, json, timestamp: timestamp)
            if case .done = minted {
                XCTAssertEqual(token, cookie, "seed \(seed)")
            } else {
                XCTAssertTrue(isGeneral(minted))
            }
        }
        XCTAssertGreaterThan(fastVerified, 30, "seed \(seed)")
    }

    func testStepsAsideForEveryRefusal() throws {
        let sessions = try FlaskSessions(secretKey: "fast-secret")
        let other = try FlaskSessions(secretKey: "other-secret")
        let fast = FastTokens(serializer: sessions.serializer, flaskTags: true)
        let cookie = try sessions.mintBytes(["user": "ann"], timestamp: now)
        XCTAssertEqual(fastVerify(fast, cookie).1, Array(#"{"user":"ann"}"#.utf8))
        var tampered = cookie
        tampered[3] ^= 1
        let cases: [[UInt8]] = [
            try other.mintBytes(["user": "ann"], timestamp: now),  // wrong key
            try sessions.mintBytes(["user": "ann"], timestamp: now - FlaskSessions.defaultMaxAge - 1),  // expired
            try sessions.mintBytes(["user": "ann"], timestamp: now + 1),  // from the future
            tampered, Array(cookie.dropLast()), [], Array("no-separator".utf8),
        ]
        for token in cases {
            XCTAssertTrue(isGeneral(fastVerify(fast, token).0), String(decoding: token, as: UTF8.self))
        }
        // Genuine, but the " di" tag is beyond the check: the JSON is handed over to decode.
        let escaped = try sessions.mintBytes(["d": .dict([" t": 1])], timestamp: now)
        guard case (.verifiedJSON(_, let signedAt), let json) = fastVerify(fast, escaped) else { return XCTFail() }
        XCTAssertEqual(json, Array(#"{"d":{" di":{" t__":1}}}"#.utf8))
        XCTAssertEqual(signedAt, now)
        // Past the limits: the general path reports them.
        let tight = try Serializer(
            secretKeys: [Array("fast-secret".utf8)], salt: Array("cookie-session".utf8), signer: SignerOptions(keyDerivation: .hmac),
            payloadEncoding: .urlSafe, jsonOptions: .flask, timing: .timed(clock: .system, epoch: .unix),
            limits: Limits(maxTokenLength: 40))
        XCTAssertTrue(isGeneral(fastVerify(FastTokens(serializer: tight, flaskTags: true), cookie).0))
        let big = try sessions.mintBytes(["pad": .string(JSONString(String(repeating: "a", count: 2000)))], timestamp: now)
        let small = try Serializer(
            secretKeys: [Array("fast-secret".utf8)], salt: Array("cookie-session".utf8), signer: SignerOptions(keyDerivation: .hmac),
            payloadEncoding: .urlSafe, jsonOptions: .flask, timing: .timed(clock: .system, epoch: .unix),
            limits: Limits(maxDecompressedSize: 1000))
        XCTAssertTrue(isGeneral(fastVerify(FastTokens(serializer: small, flaskTags: true), big).0))
    }

    /// The signature's separator is looked for where a signature ends: a separator planted in
    /// the signature, or a signature one character longer or shorter, must not verify.
    func testFindsTheLastSeparatorWhereverItIs() throws {
        let sessions = try FlaskSessions(secretKey: "fast-secret")
        let fast = FastTokens(serializer: sessions.serializer, flaskTags: true)
        let cookie = try sessions.mintBytes(["user": "ann"], timestamp: now)
        let signatureStart = cookie.lastIndex(of: UInt8(ascii: "."))! + 1
        XCTAssertEqual(cookie.count - signatureStart, 27)
        for index in signatureStart..<cookie.count {
            var planted = cookie
            planted[index] = UInt8(ascii: ".")
            XCTAssertTrue(isGeneral(fastVerify(fast, planted).0), String(decoding: planted, as: UTF8.self))
        }
        XCTAssertTrue(isGeneral(fastVerify(fast, cookie + Array("A".utf8)).0))
        XCTAssertTrue(isGeneral(fastVerify(fast, Array(cookie.dropLast())).0))
        XCTAssertTrue(isGeneral(fastVerify(fast, cookie + Array(".".utf8)).0))
        // Other separators (itsdangerous refuses those of the base64 alphabet): one byte, or two.
        let json = Array(#"{"a":[1,2]}"#.utf8)
        for separator in ["::", "|"] {
            let serializer = try Serializer(
                secretKeys: [Array("fast-secret".utf8)], salt: Array("cookie-session".utf8),
                signer: SignerOptions(separator: Array(separator.utf8), keyDerivation: .hmac),
                payloadEncoding: .urlSafe, jsonOptions: .flask, timing: .timed(clock: .system, epoch: .unix))
            let token = try serializer.dumps(try PythonJSON.decode(json), timestamp: now)
            XCTAssertEqual(fastVerify(FastTokens(serializer: serializer, flaskTags: true), token).1, json, separator)
        }
    }

    /// The timestamp's separator is looked for only among the last bytes a timestamp text can
    /// take: a genuinely signed token whose timestamp text is longer, or missing, steps aside
    /// to the general path, which refuses it; shorter ones read as the general path reads them.
    func testLooksForTheTimestampOnlyWhereOneFits() throws {
        let json = Array(#"{"a":1}"#.utf8)
        // Also a timestamp of every length from 0 to 9 bytes (more than 8 is refused), read by
        // one big-endian load.
        let stamps = ["ZVPxAA", "AAAAAZVPxAA", "AAAAAAZVPxAA", "AAAAAAAZVPxAA", String(repeating: "A", count: 20) + "ZVPxAA", "", "Z.VPxAA"]
            + (0...9).map { String(decoding: Base64URL.encode((0..<$0).map { UInt8(0x21 &+ $0) }), as: UTF8.self) }
        for separator in [".", "::"] {
            let serializer = try Serializer(
                secretKeys: [Array("fast-secret".utf8)], salt: Array("cookie-session".utf8),
                signer: SignerOptions(separator: Array(separator.utf8), keyDerivation: .hmac),
                payloadEncoding: .urlSafe, jsonOptions: .flask, timing: .timed(clock: .system, epoch: .unix))
            let fast = FastTokens(serializer: serializer, flaskTags: true)
            let payload = Base64URL.encode(json)
            for stamp in stamps {
                let token = serializer.signer.sign(payload + Array(separator.utf8) + Array(stamp.utf8))
                let general = token.withUnsafeBytes { try? serializer.unsignPayload($0, maxAge: nil, now: now) }
                let (outcome, text) = fastVerify(fast, token, maxAge: nil)
                if let general {
                    guard case .done(_, let signedAt) = outcome else { return XCTFail("\(separator) \(stamp): the fast path stepped aside") }
                    XCTAssertEqual(text, json, "\(separator) \(stamp)")
                    XCTAssertEqual(signedAt, general.1, "\(separator) \(stamp)")
                } else {
                    XCTAssertTrue(isGeneral(outcome), "\(separator) \(stamp): the general path refuses it")
                }
            }
        }
    }

    func testReportsTheSizeNeeded() throws {
        let sessions = try FlaskSessions(secretKey: "fast-secret")
        let fast = FastTokens(serializer: sessions.serializer, flaskTags: true)
        let json = Array(#"{"user":"ann"}"#.utf8)
        let cookie = try sessions.mintBytes(["user": "ann"], timestamp: now)
        guard case .tooSmall(let needed) = fastVerify(fast, cookie, capacity: json.count - 1).0 else { return XCTFail() }
        XCTAssertEqual(needed, json.count)
        XCTAssertEqual(fastVerify(fast, cookie, capacity: json.count).1, json)
        guard case .tooSmall(let size) = fastMint(fast, json, timestamp: now, capacity: cookie.count - 1).0 else { return XCTFail() }
        XCTAssertEqual(size, cookie.count)
        XCTAssertEqual(fastMint(fast, json, timestamp: now, capacity: cookie.count).1, cookie)
    }

    func testOtherSerializersAgree() throws {
        let keys = [Array("k1".utf8), Array("k2".utf8)]
        let serializers = [
            try Serializer.urlSafeTimed(secretKeys: keys),
            try Serializer.urlSafe(secretKeys: keys),
            try Serializer.timed(secretKeys: keys),
            try Serializer(secretKeys: keys),
            try Serializer(secretKeys: keys, payloadEncoding: .urlSafe, jsonOptions: .flask, timing: .timed(clock: .system, epoch: .legacy2011)),
            try Serializer(secretKeys: keys, signer: SignerOptions(separator: Array("~!".utf8), digest: .sha512), jsonOptions: .flask),
            try Serializer(secretKeys: keys, signer: SignerOptions(algorithm: .none), payloadEncoding: .urlSafe, jsonOptions: .flask),
        ]
        let values: [JSONValue] = [.object(JSONObject([("a", .integer(1)), ("b", .array([.string("x\u{e9}")]))])), .array([]), .integer(7),
            .object(JSONObject([("long", .string(JSONString(String(repeating: "ab", count: 300))))]))]
        for serializer in serializers {
            let fast = FastTokens(serializer: serializer, flaskTags: false)
            for value in values {
                let token = try serializer.dumps(value, timestamp: now)
                let canonical = try PythonJSON.encode(value, options: .flask)
                let (verified, text) = fastVerify(fast, token, maxAge: nil)
                switch verified {
                case .done: XCTAssertEqual(text, canonical)
                case .verifiedJSON: XCTAssertEqual(CanonicalJSONTests.reference(text, flaskTags: false), canonical)
                default: XCTFail("a genuine token must verify")
                }
                let (minted, bytes) = fastMint(fast, canonical, timestamp: now)
                if case .done = minted {
                    XCTAssertEqual(serializer.jsonOptions, .flask)
                    XCTAssertEqual(bytes, try serializer.dumps(value, timestamp: now))
                } else {
                    XCTAssertTrue(isGeneral(minted))
                }
            }
        }
    }
}
