import Foundation
import XCTest
@testable import Signet

/// The one unverified decoder against itsdangerous 2.2.0's `loads_unsafe` (and Flask 3.1.3's
/// session serializer's): Tests/Vectors/unsafe/loads_unsafe.json (odd splits, written by
/// Tests/Scripts/make_unsafe_vectors.py), then random tokens answered live by Python.
/// `signet_decode_unsafe` and `signet decode` meet the same vectors in Tests/CLI/test_profiles.py.
final class UnverifiedTokenTests: XCTestCase {
    struct Answer: Decodable {
        let valid: Bool?
        let json: String?
        let is_dict: Bool?
        let error: String?
        let signet_must_agree: Bool
        /// False where the signature is not canonical base64 (README's deviations): Signet then
        /// finds it bad whatever Python does. Absent from the committed vectors: true there.
        let signature_canonical: Bool?
    }

    struct Case: Decodable {
        let python: String
        let token: String
        let expect: Answer
    }

    struct Vectors: Decodable {
        let key: String
        let now: Int64
        let cases: [Case]
    }

    static func row(_ python: String) throws -> Profile {
        try XCTUnwrap(Profile.all.first { $0.python == python }, "no profile row mirrors \(python)")
    }

    /// Checks every caller's answer for `token` against Python's.
    func check(_ token: [UInt8], python: String, key: String, now: Int64, expect: Answer, _ name: String) throws {
        let profile = try Self.row(python)
        let keyBytes = Array(key.utf8)
        if profile.flaskTags {
            // A session: Python's value when it is an object, none otherwise (Flask itself fails
            // on a session that is not a dict).
            let sessions = try FlaskSessions(.init(secretKey: keyBytes))
            let unverified = try sessions.decodeUnsafe(token, now: now)
            let json = try unverified.value.map { try FlaskSessions.taggedJSON($0) }.map { String(decoding: $0, as: UTF8.self) }
            if expect.signature_canonical == false {
                XCTAssertFalse(unverified.signatureValid, name)
                return
            }
            if expect.error != nil {
                XCTAssertTrue(unverified.signatureValid, name)
                XCTAssertNil(json, name)
            } else {
                XCTAssertEqual(unverified.signatureValid, expect.valid, name)
                if expect.signet_must_agree && expect.is_dict == true {
                    XCTAssertEqual(json, expect.json, name)
                } else {
                    XCTAssertNil(json, name)
                }
            }
            return
        }
        let serializer = try Serializer(profile: profile, secretKeys: [keyBytes])
        let result = Result { () throws(SignetError) in try serializer.loadsUnsafe(token, maxAge: profile.maxAge, now: now) }
        if expect.signature_canonical == false {
            if case .success(let (valid, _)) = result { XCTAssertFalse(valid, name) }
            return
        }
        switch result {
        case .success(let (valid, value)):
            XCTAssertNil(expect.error, name)
            XCTAssertEqual(valid, expect.valid, name)
            let json = try value.map { String(decoding: try PythonJSON.encode($0, options: .flask), as: UTF8.self) }
            XCTAssertEqual(json, expect.signet_must_agree ? expect.json : nil, name)
        case .failure(let error):
            // Python raises only for a genuine signature over an unreadable payload; Signet
            // also where the deviations make the payload unreadable to it.
            XCTAssertTrue(error.isA(.badPayload), "\(name): \(error)")
            XCTAssertTrue(expect.error == "BadPayload" || (!expect.signet_must_agree && expect.valid == true), name)
        }
    }

    func testOddSplitsAsPython() throws {
        let vectors = try JSONDecoder().decode(Vectors.self, from: Fixtures.data("unsafe/loads_unsafe.json"))
        XCTAssertGreaterThan(vectors.cases.count, 600)
        for vector in vectors.cases {
            try check(Array(vector.token.utf8), python: vector.python, key: vectors.key, now: vectors.now, expect: vector.expect,
                      "\(vector.python) \(vector.token)")
        }
        // Every serializer row with a `loads_unsafe` is covered (Starlette and Django have none:
        // FrameworkProfilesTests reads their tokens unverified).
        let covered = Set(vectors.cases.map(\.python))
        XCTAssertEqual(covered, Set(Profile.all.filter { $0.value == .json && !$0.ownJSON }.map(\.python)))
    }

    /// The issue's example, which four decoders used to read four ways.
    func testTheCookieThatSplitTheDecoders() throws {
        let token = Array("eyJhIjoxfQ.ZVPxAA.x.sig".utf8)
        let sessions = try FlaskSessions(secretKey: "k")
        let unverified = try sessions.decodeUnsafe(token)
        XCTAssertFalse(unverified.signatureValid)
        XCTAssertNil(unverified.value)
        XCTAssertEqual(try unverified.pythonResult().value, nil)
        XCTAssertTrue(try sessions.serializer.loadsUnsafe(token) == (false, nil))
        let keyless = try token.withUnsafeBytes { bytes in
            try UnverifiedToken.decode(bytes, timestamps: .unix, encoding: .urlSafe) { $0 }
        }
        XCTAssertEqual(keyless.decoded.error?.kind, .badPayload)
        // A timed token with one dot has its whole signed part as payload, no timestamp.
        let short = try sessions.decodeUnsafe(Array("eyJhIjoxfQ.sig".utf8))
        XCTAssertEqual(try short.decoded.get(), ["a": 1])
        XCTAssertNil(short.signedAt)
        // No dot: no payload, and the refusal says why.
        XCTAssertEqual(try sessions.decodeUnsafe(Array("eyJhIjoxfQ".utf8)).decoded.error?.kind, .badSignature)
    }

    /// Random cuts of genuine and forged tokens, answered by Python in one batch.
    func testRandomTokensAsPython() throws {
        try Oracle.require()
        var (random, seed) = SplitMix64.fromEnvironment()
        let key = "live-key"
        let now: Int64 = 1_700_000_000
        let alphabet = Array("eyJhIjoxfQ.ZVPxAA-_!=.".utf8)
        var requests = [[String: Any]]()
        var tokens = [(python: String, token: [UInt8])]()
        for profile in Profile.all where profile.value == .json && !profile.ownJSON {
            let bodies = ["{\"a\": 1}", "{\"items\": [" + Array(repeating: "\"x\"", count: 40).joined(separator: ", ") + "]}", "[1, 2]"]
            for signingKey in [key, "wrong-key"] {
                let serializer = try Serializer(profile: profile, secretKeys: [Array(signingKey.utf8)])
                for body in bodies {
                    let genuine = try serializer.dumps(try PythonJSON.decode(Array(body.utf8)), timestamp: now - 5)
                    for _ in 0..<25 {
                        var token = genuine
                        for _ in 0..<Int.random(in: 1...3, using: &random) where !token.isEmpty {
                            let at = Int.random(in: 0..<token.count, using: &random)
                            switch Int.random(in: 0..<4, using: &random) {
                            case 0: token.insert(UInt8(ascii: "."), at: at)
                            case 1: token.remove(at: at)
                            case 2: token[at] = alphabet.randomElement(using: &random)!
                            default: token.removeSubrange(at..<min(token.count, at + Int.random(in: 1...8, using: &random)))
                            }
                        }
                        tokens.append((profile.python, token))
                        requests.append([
                            "op": "loads_unsafe", "python": profile.python, "key": key,
                            "token": String(decoding: token, as: UTF8.self), "now": now,
                        ])
                    }
                }
            }
        }
        let answers = try Oracle.ask(requests)
        for ((python, token), answer) in zip(tokens, answers) {
            let expect = try JSONDecoder().decode(Answer.self, from: JSONSerialization.data(withJSONObject: answer))
            try check(token, python: python, key: key, now: now, expect: expect,
                      "\(python) \(String(decoding: token, as: UTF8.self)) (SIGNET_SEED=\(seed))")
        }
    }

    /// Each row of the profile table signs as the Python it names, built with the key alone.
    func testEveryProfileSignsAsItsPython() throws {
        try Oracle.require()
        let key = "profile-key"
        let at: Int64 = 1_700_000_000
        let value = Array(#"{"user":"ada","cart":[1,2],"n":1.5}"#.utf8)
        // Starlette's and Django's rows: FrameworkDifferentialTests.testEveryFrameworkRowSignsAsItsFramework.
        let rows = Profile.all.filter { !$0.ownJSON }
        let requests: [[String: Any]] = rows.map {
            ["op": "profile_sign", "python": $0.python, "key": key, "value_hex": value.hex, "timestamp": at]
        }
        for (profile, answer) in zip(rows, try Oracle.ask(requests)) {
            let expected = try XCTUnwrap(answer["token"] as? String, "\(profile.name): \(answer)")
            XCTAssertEqual(try String(decoding: token(profile, key: key, value: value, at: at), as: UTF8.self), expected, profile.name)
            XCTAssertEqual(Profile.named(profile.name)?.python, profile.python)
        }
        XCTAssertEqual(Set(Profile.all.flatMap(\.names)).count, Profile.all.flatMap(\.names).count, "names are unique")
    }

    /// A row's token through the Swift API a user of that row reaches for.
    func token(_ profile: Profile, key: String, value: [UInt8], at: Int64) throws -> [UInt8] {
        let keys = [Array(key.utf8)]
        switch profile.value {
        case .bytes:
            let signer = try Signer(profile: profile, secretKeys: keys)
            return profile.timed ? TimestampSigner(signer: signer).sign(value, timestamp: at) : signer.sign(value)
        case .json:
            if profile.flaskTags {
                let sessions = try FlaskSessions(secretKey: key)
                let minted = try sessions.mintBytes(taggedJSON: value, timestamp: at)
                XCTAssertEqual(try Serializer(profile: profile, secretKeys: keys).dumps(try PythonJSON.decode(value), timestamp: at), minted)
                return minted
            }
            return try Serializer(profile: profile, secretKeys: keys).dumps(try PythonJSON.decode(value), timestamp: at)
        }
    }
}
