import Foundation
import XCTest
@testable import Signet

/// Random inputs through Signet and through the real itsdangerous, in both directions, compared
/// byte for byte. Replays with SIGNET_SEED=<seed> (printed on failure).
final class DifferentialTests: XCTestCase {
    struct SignerSpec {
        let keys: [[UInt8]]
        let salt: [UInt8]
        let separator: String
        let derivation: KeyDerivation
        let digest: DigestAlgorithm

        var json: [String: Any] {
            ["keys_hex": keys.map(\.hex), "salt_hex": salt.hex, "sep": separator, "derivation": derivation.rawValue,
             "digest": digest.rawValue, "algorithm": "hmac"]
        }

        func signer() throws -> Signer {
            try Signer(secretKeys: keys, salt: salt, separator: Array(separator.utf8), keyDerivation: derivation, digest: digest)
        }

        static func random(_ rng: inout SplitMix64) -> SignerSpec {
            SignerSpec(
                // Not empty: Signet refuses an empty key (tested in SignerTests), Python signs with it.
                keys: (0..<Int.random(in: 1...3, using: &rng)).map { _ in rng.bytes(1...80) },
                salt: rng.bytes(0...20),
                separator: [".", ":", "|", "~", "!", "::", "$#"].randomElement(using: &rng)!,
                derivation: KeyDerivation.allCases.randomElement(using: &rng)!,
                digest: DigestAlgorithm.allCases.randomElement(using: &rng)!)
        }
    }

    func testSignerAgreesBothWays() throws {
        try Oracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        var specs = [SignerSpec](), values = [[UInt8]](), requests = [[String: Any]]()
        for _ in 0..<1500 {
            let spec = SignerSpec.random(&rng)
            // Values are ASCII here so the token survives the JSON trip as a string.
            let value = rng.bytes(0...300).map { 0x20 + $0 % 0x5F }
            specs.append(spec)
            values.append(value)
            requests.append(["op": "sign", "signer": spec.json, "value_hex": value.hex])
        }
        let answers = try Oracle.ask(requests)
        var unsignRequests = [[String: Any]]()
        for (index, answer) in answers.enumerated() {
            let signer = try specs[index].signer()
            let ours = String(decoding: signer.sign(values[index]), as: UTF8.self)
            XCTAssertEqual(ours, answer["token"] as? String, "seed \(seed) case \(index)")
            // Python's token verifies here, ours verifies there.
            XCTAssertEqual(try signer.unsign(Array((answer["token"] as? String ?? "").utf8)), values[index], "seed \(seed) case \(index)")
            unsignRequests.append(["op": "unsign", "signer": specs[index].json, "token": ours])
        }
        for (index, answer) in try Oracle.ask(unsignRequests).enumerated() {
            XCTAssertEqual(answer["value_hex"] as? String, values[index].hex, "seed \(seed) case \(index)")
        }
    }

    func testTimestampSignerAgreesOnExpiryAndErrors() throws {
        try Oracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        var cases = [(SignerSpec, [UInt8], Int64, Int64, Int64?)]()
        var requests = [[String: Any]]()
        for _ in 0..<800 {
            let spec = SignerSpec.random(&rng)
            let value = rng.bytes(0...60).map { 0x20 + $0 % 0x5F }
            let signedAt = Int64.random(in: 0...4_000_000_000, using: &rng)
            let maxAge: Int64? = Bool.random(using: &rng) ? nil : Int64.random(in: 0...100, using: &rng)
            let now = signedAt + Int64.random(in: -5...105, using: &rng)
            cases.append((spec, value, signedAt, now, maxAge))
            requests.append(["op": "timed_sign", "signer": spec.json, "value_hex": value.hex, "timestamp": signedAt])
        }
        let signed = try Oracle.ask(requests)
        var unsignRequests = [[String: Any]]()
        var tokens = [String]()
        for (index, answer) in signed.enumerated() {
            let (spec, value, signedAt, now, maxAge) = cases[index]
            let timed = TimestampSigner(signer: try spec.signer())
            var token = String(decoding: timed.sign(value, timestamp: signedAt), as: UTF8.self)
            XCTAssertEqual(token, answer["token"] as? String, "seed \(seed) case \(index)")
            // Every third token is tampered with, so the error paths are compared too.
            if index % 3 == 0, !token.isEmpty {
                var bytes = Array(token.utf8)
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[position] = bytes[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                token = String(decoding: bytes, as: UTF8.self)
            }
            tokens.append(token)
            var request: [String: Any] = ["op": "timed_unsign", "signer": spec.json, "token": token, "now": now]
            request["max_age"] = maxAge.map { $0 as Any } ?? NSNull()
            unsignRequests.append(request)
        }
        for (index, answer) in try Oracle.ask(unsignRequests).enumerated() {
            let (spec, _, _, now, maxAge) = cases[index]
            let timed = TimestampSigner(signer: try spec.signer())
            let outcome = Result { () throws(SignetError) in try timed.unsign(Array(tokens[index].utf8), maxAge: maxAge, now: now) }
            switch outcome {
            case .success(let result):
                XCTAssertEqual(result.value.hex, answer["value_hex"] as? String, "seed \(seed) case \(index) \(answer)")
                XCTAssertEqual(result.timestamp, (answer["timestamp"] as? NSNumber)?.int64Value, "seed \(seed) case \(index)")
            case .failure(let error):
                // Python may accept a tampered token whose base64 it reads leniently; Signet may not.
                let signature = tokens[index].split(separator: spec.separator, omittingEmptySubsequences: false).last.map(String.init) ?? ""
                let lenientOnly = index % 3 == 0 && (try? Base64URL.decode(Array(signature.utf8))) == nil
                if lenientOnly {
                    // Python reads the tampered signature through its lenient base64 (a changed
                    // unused bit, say); Signet refuses non-canonical base64.
                    XCTAssertTrue(error.isA(.badSignature), "seed \(seed) case \(index): \(error)")
                } else if let pythonError = answer["error"] as? String {
                    XCTAssertEqual(error.kind.pythonClass, pythonError, "seed \(seed) case \(index): \(error)")
                } else {
                    XCTFail("seed \(seed) case \(index): Python accepts, Signet refuses: \(error)")
                }
            }
        }
    }
}

/// Random Flask sessions through Signet and the real Flask 3.1.3, both directions, byte for byte.
final class FlaskDifferentialTests: XCTestCase {
    static func randomString(_ rng: inout SplitMix64) -> JSONString {
        var codePoints = [UInt32]()
        for _ in 0..<Int.random(in: 0...10, using: &rng) {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: codePoints.append(UInt32.random(in: 0...0x7F, using: &rng))
            case 1: codePoints.append(UInt32.random(in: 0x80...0x7FF, using: &rng))
            case 2: codePoints.append(UInt32.random(in: 0x800...0xFFFF, using: &rng))
            case 3: codePoints.append(UInt32.random(in: 0x10000...0x10FFFF, using: &rng))
            case 4: codePoints.append(UInt32.random(in: 0xD800...0xDFFF, using: &rng))  // lone surrogates
            default: codePoints.append(UInt32(Array("\"\\/ _t".unicodeScalars).randomElement(using: &rng)!.value))
            }
        }
        // A high surrogate directly before a low one would become a pair on the way back.
        for index in codePoints.indices.dropLast() where (0xD800...0xDBFF).contains(codePoints[index]) && (0xDC00...0xDFFF).contains(codePoints[index + 1]) {
            codePoints[index + 1] = 0x41
        }
        return JSONString(codePoints: codePoints)!
    }

    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> SessionValue {
        switch Int.random(in: 0..<(depth < 3 ? 14 : 9), using: &rng) {
        case 0: return [.null, .bool(true), .bool(false)].randomElement(using: &rng)!
        case 1: return .integer(JSONInteger(Int64.random(in: Int64.min...Int64.max, using: &rng)))
        case 2:
            let digits = (0..<Int.random(in: 1...60, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            return .integer(JSONInteger(decimal: (Bool.random(using: &rng) ? "-" : "") + digits)!)
        case 3: return .float(Double(bitPattern: rng.next()))
        case 4: return .float(Double.random(in: -1e6...1e6, using: &rng))
        case 5: return .string(randomString(&rng))
        case 6: return .bytes(rng.bytes(0...20))
        case 7: return .uuid(SessionUUID(bytes: rng.bytes(16...16))!)
        case 8: return .datetime(Int64.random(in: -59_011_459_200...HTTPDate.maximum, using: &rng))  // years 100-9999
        case 9: return .markup(randomString(&rng))
        case 10: return .tuple((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        case 11: return .list((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default: return .dict(randomDict(&rng, depth: depth + 1))
        }
    }

    static func randomDict(_ rng: inout SplitMix64, depth: Int) -> SessionDict {
        var dict = SessionDict()
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let key: JSONString = Bool.random(using: &rng) ? [" t", " di", " b", " u", "_id", "k"].randomElement(using: &rng)! : randomString(&rng)
            dict[key] = randomValue(&rng, depth: depth)
        }
        return dict
    }

    func testSessionsAgreeBothWays() throws {
        try Oracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        let secret = "differential-secret", fallbacks = ["old-1", "old-2"]
        let sessions = try FlaskSessions(secretKey: secret, fallbackKeys: fallbacks)
        var mints = [[String: Any]](), taggedJSON = [String](), timestamps = [Int64]()
        for _ in 0..<1000 {
            let session = Self.randomDict(&rng, depth: 0)
            let json = String(decoding: try FlaskSessions.taggedJSON(session), as: UTF8.self)
            let timestamp = Int64.random(in: 0...4_000_000_000, using: &rng)
            taggedJSON.append(json)
            timestamps.append(timestamp)
            mints.append(["op": "flask_mint", "secret_key": secret, "fallbacks": fallbacks, "tagged_json": json, "timestamp": timestamp])
        }
        var loads = [[String: Any]]()
        var ours = [String]()
        for (index, answer) in try Oracle.ask(mints).enumerated() {
            let theirs = answer["cookie"] as? String ?? ""
            let session = try FlaskSessions.session(fromTaggedJSON: Array(taggedJSON[index].utf8))
            let mine = try sessions.mint(session, timestamp: timestamps[index])
            XCTAssertEqual(mine, theirs, "seed \(seed) case \(index): \(taggedJSON[index])")
            // Flask's cookie, read here, gives back Flask's JSON.
            let (json, signedAt) = try sessions.verifyTaggedJSON(Array(theirs.utf8), now: timestamps[index])
            XCTAssertEqual(String(decoding: json, as: UTF8.self), taggedJSON[index], "seed \(seed) case \(index)")
            XCTAssertEqual(signedAt, timestamps[index])
            ours.append(mine)
            loads.append(["op": "flask_load", "secret_key": secret, "fallbacks": fallbacks, "cookie": mine,
                          "now": timestamps[index], "max_age": 2_678_400])
        }
        // Signet's cookie, read by Flask, gives back the same JSON.
        for (index, answer) in try Oracle.ask(loads).enumerated() {
            XCTAssertEqual(answer["tagged_json"] as? String, taggedJSON[index], "seed \(seed) case \(index): \(answer)")
            XCTAssertEqual((answer["timestamp"] as? NSNumber)?.int64Value, timestamps[index])
        }
    }

    func testFallbackKeysAndExpiryAgree() throws {
        try Oracle.require()
        var requests = [[String: Any]]()
        let cases: [(signWith: String, now: Int64, maxAge: Int64)] = [
            ("old-1", 1000, 100), ("old-2", 1000, 100), ("current", 1100, 100), ("current", 1101, 100), ("stranger", 1000, 100), ("current", 999, 100),
        ]
        for (key, _, _) in cases {
            requests.append(["op": "flask_mint", "secret_key": key, "fallbacks": [String](), "tagged_json": "{\"u\":1}", "timestamp": 1000])
        }
        let cookies = try Oracle.ask(requests).map { $0["cookie"] as! String }
        let loads = zip(cookies, cases).map { cookie, c -> [String: Any] in
            ["op": "flask_load", "secret_key": "current", "fallbacks": ["old-1", "old-2"], "cookie": cookie, "now": c.now, "max_age": c.maxAge]
        }
        for (index, answer) in try Oracle.ask(loads).enumerated() {
            var configuration = FlaskSessions.Configuration(secretKey: Array("current".utf8), fallbackKeys: [Array("old-1".utf8), Array("old-2".utf8)])
            configuration.maxAge = cases[index].maxAge
            let result = Result { () throws(SignetError) in try FlaskSessions(configuration).verifyTaggedJSON(Array(cookies[index].utf8), now: cases[index].now) }
            switch result {
            case .success(let (json, _)): XCTAssertEqual(String(decoding: json, as: UTF8.self), answer["tagged_json"] as? String, "case \(index)")
            case .failure(let error): XCTAssertEqual(error.kind.pythonClass, answer["error"] as? String, "case \(index)")
            }
        }
    }
}

/// Random JSON values through the four itsdangerous serializers on both sides.
final class SerializerDifferentialTests: XCTestCase {
    static let classes = ["Serializer", "URLSafeSerializer", "TimedSerializer", "URLSafeTimedSerializer"]

    func serializer(_ kind: String, _ spec: DifferentialTests.SignerSpec, clock: Int64) throws(SignetError) -> Serializer {
        try Serializer(
            secretKeys: spec.keys, salt: spec.salt,
            signer: SignerOptions(separator: Array(spec.separator.utf8), keyDerivation: spec.derivation, digest: spec.digest),
            payloadEncoding: kind.hasPrefix("URLSafe") ? .urlSafe : .plain,
            jsonOptions: kind.hasPrefix("URLSafe") ? .compact : .pythonDefault,
            timing: kind.contains("Timed") ? .timed(clock: .fixed(clock), epoch: .unix) : .untimed)
    }

    func testSerializersAgreeBothWays() throws {
        try Oracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        var random = RandomJSON(seed: rng.next())
        struct Case { let kind: String; let spec: DifferentialTests.SignerSpec; let value: JSONValue; let timestamp: Int64; let ours: String? }
        var cases = [Case](), dumps = [[String: Any]]()
        for _ in 0..<1200 {
            let kind = Self.classes.randomElement(using: &rng)!
            // The serializer's payload text must not contain the separator's characters
            // ambiguously for plain serializers; Python has the same constraint, so any spec goes.
            let spec = DifferentialTests.SignerSpec.random(&rng)
            let value = random.value(depth: 0)
            let timestamp = Int64.random(in: 0...4_000_000_000, using: &rng)
            // Values json.dumps cannot write (integers past 4300 digits) cannot reach Python.
            // A surrogate pair held as two code points arrives in Python joined into one.
            guard let textBytes = try? PythonJSON.encode(value, options: .pythonDefault),
                !JSONDifferentialTests.holdsSplitPair(value)
            else { continue }
            let text = String(decoding: textBytes, as: UTF8.self)
            let ours = try? serializer(kind, spec, clock: timestamp).dumps(value)
            cases.append(Case(kind: kind, spec: spec, value: value, timestamp: timestamp, ours: ours.map { String(decoding: $0, as: UTF8.self) }))
            dumps.append(["op": "dumps", "class": kind, "keys_hex": spec.keys.map(\.hex), "salt_hex": spec.salt.hex,
                          "signer": spec.json, "obj_json": text, "timestamp": timestamp])
        }
        var loads = [[String: Any]]()
        var loadCases = [Int]()
        for (index, answer) in try Oracle.ask(dumps).enumerated() {
            let c = cases[index]
            // Both refuse (lone surrogates in UTF-8 JSON, integers past 4300 digits) or both agree.
            XCTAssertEqual(c.ours, answer["token"] as? String, "seed \(seed) case \(index) \(c.kind): \(answer)")
            guard let theirs = answer["token"] as? String, let ours = c.ours else { continue }
            let loaded = Result { () throws(SignetError) in
                try serializer(c.kind, c.spec, clock: c.timestamp).loads(Array(theirs.utf8), now: c.timestamp)
            }
            switch loaded {
            case .success(let value):
                XCTAssertEqual(try PythonJSON.encode(value.value, options: .pythonDefault), try PythonJSON.encode(c.value, options: .pythonDefault), "seed \(seed) case \(index)")
            case .failure(let error):
                XCTFail("seed \(seed) case \(index): Signet refuses Python's token: \(error)")
            }
            loadCases.append(index)
            loads.append(["op": "loads", "class": c.kind, "keys_hex": c.spec.keys.map(\.hex), "salt_hex": c.spec.salt.hex,
                          "signer": c.spec.json, "token": ours, "now": c.timestamp, "max_age": 10])
        }
        XCTAssertGreaterThan(loads.count, 1000)
        for (position, answer) in try Oracle.ask(loads).enumerated() {
            let c = cases[loadCases[position]]
            XCTAssertEqual(answer["obj_json"] as? String, String(decoding: try PythonJSON.encode(c.value, options: .pythonDefault), as: UTF8.self),
                           "seed \(seed) case \(loadCases[position]): \(answer)")
        }
    }
}
