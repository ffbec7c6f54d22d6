import Foundation
import XCTest
@testable import Signet

/// Inputs for the frameworks' differential tests. Values come from ``RandomJSON`` (strings with
/// every escape and lone surrogates, integers past 64 bits, any double, nesting, repeated keys);
/// long low-entropy strings put sizes on both sides of the compression threshold.
enum FrameworkInputs {
    /// A session: an object whose values are random, sometimes compressible.
    static func session(_ random: inout RandomJSON) -> JSONObject {
        var pairs = [(JSONString, JSONValue)]()
        for _ in 0..<random.int(5) {
            let key: JSONString = random.int(2) == 0 ? random.pick(["_auth_user_id", "k", "\u{e9}"]) : random.string()
            pairs.append((key, random.int(3) == 0 ? .string(compressible(&random)) : random.value(depth: 1)))
        }
        return JSONObject(pairs)
    }

    /// Any JSON value, sometimes a compressible string.
    static func value(_ random: inout RandomJSON) -> JSONValue {
        random.int(4) == 0 ? .string(compressible(&random)) : random.value(depth: 0)
    }

    /// Text from a three-letter alphabet, 0 to 300 long: zlib shrinks some, not others.
    static func compressible(_ random: inout RandomJSON) -> JSONString {
        JSONString(stringLiteral: String((0..<random.int(301)).map { _ in random.pick(["a", "b", "c"]) }))
    }

    /// `make()`'s value as JSON text for Python's `json.loads`, in one of several spellings;
    /// values no spelling can write (an integer past 4300 digits) are drawn again.
    static func text(_ random: inout RandomJSON, _ make: (inout RandomJSON) -> JSONValue) -> String {
        while true {
            let value = make(&random)
            let options: JSONEncodingOptions = random.pick([.pythonDefault, .compactASCII, .compact, .flask])
            // Without ASCII escapes, a lone surrogate has no UTF-8: such values are written escaped.
            if let bytes = (try? PythonJSON.encode(value, options: options)) ?? (try? PythonJSON.encode(value, options: .pythonDefault)) {
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    /// `token` with one byte changed.
    static func tampered(_ token: String, _ rng: inout SplitMix64) -> String {
        var bytes = Array(token.utf8)
        let position = Int.random(in: 0..<bytes.count, using: &rng)
        bytes[position] = bytes[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether Python's lenient base64 may read a changed signature as the same bytes (an
    /// unused bit changed), which Signet, reading canonical base64 only, refuses.
    static func signatureIsNonCanonical(_ token: String, separator: Character) -> Bool {
        let signature = token.split(separator: separator, omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return (try? Base64URL.decode(Array(signature.utf8))) == nil
    }
}

/// Random sessions through Signet and the real Starlette, Django and Quart, both directions,
/// byte for byte (cookies, headers and the JSON each side reads). Replays with SIGNET_SEED.
final class FrameworkDifferentialTests: XCTestCase {
    func testStarletteAgreesBothWays() throws {
        try FrameworksOracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        var random = RandomJSON(seed: rng.next())
        let secret = "starlette-secret"
        var configurations = [StarletteSessions.Configuration](), options = [[String: Any]]()
        var texts = [String](), timestamps = [Int64](), mints = [[String: Any]]()
        for _ in 0..<300 {
            var configuration = StarletteSessions.Configuration(secretKey: Array(secret.utf8))
            var option = [String: Any]()
            if Bool.random(using: &rng) { configuration.maxAge = nil; option["max_age"] = NSNull() }
            if Int.random(in: 0..<4, using: &rng) == 0 { configuration.maxAge = 100; option["max_age"] = 100 }
            if Bool.random(using: &rng) { configuration.httpsOnly = true; option["https_only"] = true }
            if Int.random(in: 0..<3, using: &rng) == 0 { configuration.domain = "example.org"; option["domain"] = "example.org" }
            if Int.random(in: 0..<3, using: &rng) == 0 { configuration.path = "/app"; option["path"] = "/app" }
            if Int.random(in: 0..<4, using: &rng) == 0 { configuration.partitioned = true; option["partitioned"] = true }
            let sameSite = [Cookie.SameSite.lax, .strict, .none].randomElement(using: &rng)!
            configuration.sameSite = sameSite
            option["same_site"] = sameSite.rawValue.lowercased()
            // Starlette writes a cookie only for a non-empty session.
            let text = FrameworkInputs.text(&random) { random in
                let session = FrameworkInputs.session(&random)
                return .object(session.isEmpty ? ["k": .integer(JSONInteger(1))] : session)
            }
            let timestamp = Int64.random(in: 0...4_000_000_000, using: &rng)
            configurations.append(configuration)
            options.append(option)
            texts.append(text)
            timestamps.append(timestamp)
            mints.append(["op": "starlette_mint", "secret_key": secret, "json": text, "timestamp": timestamp, "options": option])
        }
        var loads = [[String: Any]](), tokens = [String](), nows = [Int64]()
        for (index, answer) in try FrameworksOracle.ask(mints).enumerated() {
            let sessions = try StarletteSessions(configurations[index])
            let mine = try sessions.mint(json: texts[index], timestamp: timestamps[index])
            XCTAssertEqual(mine, answer["cookie"] as? String, "seed \(seed) case \(index): \(texts[index])")
            XCTAssertEqual(try sessions.setCookie(value: mine), answer["set_cookie"] as? String, "seed \(seed) case \(index)")
            // Starlette's cookie, read here, gives back what a Starlette view reads.
            let verified = try sessions.verify(answer["cookie"] as? String ?? "", now: timestamps[index])
            XCTAssertEqual(verified.signedAt, timestamps[index])
            var token = mine
            if index % 3 == 0 { token = FrameworkInputs.tampered(token, &rng) }
            let now = timestamps[index] + Int64.random(in: -5...150, using: &rng)
            tokens.append(token)
            nows.append(now)
            loads.append(["op": "starlette_load", "secret_key": secret, "cookie": token, "now": now, "options": options[index]])
        }
        for (index, answer) in try FrameworksOracle.ask(loads).enumerated() {
            let sessions = try StarletteSessions(configurations[index])
            let outcome = Result { () throws(SignetError) in try sessions.verify(tokens[index], now: nows[index]) }
            compare(outcome, answer, lenient: FrameworkInputs.signatureIsNonCanonical(tokens[index], separator: "."), "seed \(seed) case \(index)")
        }
    }

    func testStarletteDeletionHeaderIsStarlettes() throws {
        try FrameworksOracle.require()
        let sessions = try StarletteSessions(StarletteSessions.Configuration(secretKey: Array("k".utf8), httpsOnly: true, domain: "example.org"))
        let cookie = try sessions.mint(json: #"{"a": 1}"#, timestamp: 1_700_000_000)
        let answer = try FrameworksOracle.ask([[
            "op": "starlette_clear", "secret_key": "k", "cookie": cookie, "timestamp": 1_700_000_000,
            "options": ["https_only": true, "domain": "example.org"],
        ]])[0]
        XCTAssertEqual(try sessions.deletion(), answer["set_cookie"] as? String)
    }

    struct DjangoCase {
        let key: String, fallbacks: [String], salt: String, compress: Bool, sha1: Bool
        var signing: DjangoSigning {
            get throws {
                try DjangoSigning(DjangoSigning.Configuration(
                    secretKey: Array(key.utf8), fallbackKeys: fallbacks.map { Array($0.utf8) }, salt: Array(salt.utf8),
                    compress: compress, maxAge: 100, digest: sha1 ? .sha1 : .sha256))
            }
        }
        var request: [String: Any] {
            ["key": key, "fallbacks": fallbacks, "salt": salt, "compress": compress, "algorithm": sha1 ? "sha1" : ""]
        }
    }

    func testDjangoSigningAgreesBothWays() throws {
        try FrameworksOracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        var random = RandomJSON(seed: rng.next())
        var cases = [DjangoCase](), texts = [String](), timestamps = [Int64](), dumps = [[String: Any]]()
        for _ in 0..<400 {
            let fallbacks = (0..<Int.random(in: 0...2, using: &rng)).map { "old-\($0)-\(rng.next() % 100)" }
            let djangoCase = DjangoCase(
                key: "django-\(rng.next() % 1000)", fallbacks: fallbacks,
                salt: ["django.core.signing", "", "my-salt:é"].randomElement(using: &rng)!,
                compress: Bool.random(using: &rng), sha1: Int.random(in: 0..<4, using: &rng) == 0)
            let text = FrameworkInputs.text(&random, FrameworkInputs.value)
            let timestamp = Int64.random(in: 0...4_000_000_000, using: &rng)
            cases.append(djangoCase)
            texts.append(text)
            timestamps.append(timestamp)
            var request = djangoCase.request
            request["op"] = "django_dumps"
            request["json"] = text
            request["timestamp"] = timestamp
            dumps.append(request)
        }
        var loads = [[String: Any]](), tokens = [String](), nows = [Int64]()
        for (index, answer) in try FrameworksOracle.ask(dumps).enumerated() {
            let signing = try cases[index].signing
            let theirs = answer["token"] as? String ?? ""
            let mine = try signing.mint(json: texts[index], timestamp: timestamps[index])
            XCTAssertEqual(mine, theirs, "seed \(seed) case \(index): \(texts[index])")
            XCTAssertEqual(try signing.verify(theirs, now: timestamps[index]).signedAt, timestamps[index])
            var token = mine
            if index % 3 == 0 { token = FrameworkInputs.tampered(token, &rng) }
            let now = timestamps[index] + Int64.random(in: -5...150, using: &rng)
            tokens.append(token)
            nows.append(now)
            var request = cases[index].request
            request["op"] = "django_loads"
            request["token"] = token
            request["now"] = now
            request["max_age"] = 100
            loads.append(request)
        }
        for (index, answer) in try FrameworksOracle.ask(loads).enumerated() {
            let signing = try cases[index].signing
            let outcome = Result { () throws(SignetError) in try signing.verify(tokens[index], now: nows[index]) }
            compare(outcome, answer, lenient: false, "seed \(seed) case \(index)")
        }
    }

    func testDjangoVerifiesTokensOfEveryFallbackKey() throws {
        try FrameworksOracle.require()
        let fallbacks = ["old-1", "old-2"]
        let signing = try DjangoSigning(secretKey: "current", fallbackKeys: fallbacks)
        let keys = ["current"] + fallbacks + ["stranger"]
        let answers = try FrameworksOracle.ask(keys.map { key in
            ["op": "django_dumps", "key": key, "fallbacks": [String](), "salt": DjangoSigning.defaultSalt,
             "compress": false, "algorithm": "", "json": #"{"k": [1, 2]}"#, "timestamp": 1_700_000_000]
        })
        for (key, answer) in zip(keys, answers).dropLast() {
            XCTAssertEqual(try signing.verify(answer["token"] as? String ?? "").json, #"{"k":[1,2]}"#, key)
        }
        XCTAssertThrowsError(try signing.verify(answers.last!["token"] as? String ?? "")) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badSignature)
        }
    }

    func testDjangoSessionsAgreeBothWays() throws {
        try FrameworksOracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        var random = RandomJSON(seed: rng.next())
        let key = "django-session-key", fallbacks = ["old-session-key"]
        let sessions = try DjangoSessions(secretKey: key, fallbackKeys: fallbacks, maxAge: 100)
        var texts = [String](), timestamps = [Int64](), saves = [[String: Any]]()
        for _ in 0..<300 {
            let text = FrameworkInputs.text(&random) { .object(FrameworkInputs.session(&$0)) }
            let timestamp = Int64.random(in: 0...4_000_000_000, using: &rng)
            texts.append(text)
            timestamps.append(timestamp)
            saves.append(["op": "django_session_save", "key": key, "fallbacks": fallbacks, "json": text, "timestamp": timestamp])
        }
        var loads = [[String: Any]](), tokens = [String](), nows = [Int64]()
        for (index, answer) in try FrameworksOracle.ask(saves).enumerated() {
            let mine = try sessions.mint(json: texts[index], timestamp: timestamps[index])
            XCTAssertEqual(mine, answer["cookie"] as? String, "seed \(seed) case \(index): \(texts[index])")
            var token = mine
            if index % 3 == 0 { token = FrameworkInputs.tampered(token, &rng) }
            let now = timestamps[index] + Int64.random(in: -5...150, using: &rng)
            tokens.append(token)
            nows.append(now)
            loads.append(["op": "django_session_load", "key": key, "fallbacks": fallbacks, "cookie": token, "now": now, "age": 100])
        }
        for (index, answer) in try FrameworksOracle.ask(loads).enumerated() {
            let outcome = Result { () throws(SignetError) in try sessions.verify(tokens[index], now: nows[index]) }
            switch outcome {
            case .success(let verified):
                XCTAssertEqual(verified.json, answer["json"] as? String, "seed \(seed) case \(index)")
            case .failure(let error):
                // The backend starts an empty session on any error.
                XCTAssertEqual(answer["error"] as? String, "reset", "seed \(seed) case \(index): Signet refuses (\(error)), Django reads \(answer)")
            }
        }
    }

    func testQuartSessionsAreFlaskSessions() throws {
        try FrameworksOracle.require()
        var (rng, seed) = SplitMix64.fromEnvironment()
        let secret = "quart-secret", fallbacks = ["quart-old"]
        let sessions = try FlaskSessions(secretKey: secret, fallbackKeys: fallbacks)
        var mints = [[String: Any]](), taggedJSON = [String](), timestamps = [Int64]()
        for _ in 0..<200 {
            let json = String(decoding: try FlaskSessions.taggedJSON(FlaskDifferentialTests.randomDict(&rng, depth: 0)), as: UTF8.self)
            let timestamp = Int64.random(in: 0...4_000_000_000, using: &rng)
            taggedJSON.append(json)
            timestamps.append(timestamp)
            mints.append(["op": "quart_mint", "secret_key": secret, "fallbacks": fallbacks, "tagged_json": json, "timestamp": timestamp])
        }
        var loads = [[String: Any]]()
        for (index, answer) in try FrameworksOracle.ask(mints).enumerated() {
            let mine = try sessions.mint(taggedJSON: Array(taggedJSON[index].utf8), timestamp: timestamps[index])
            XCTAssertEqual(mine, answer["cookie"] as? String, "seed \(seed) case \(index): \(taggedJSON[index])")
            loads.append(["op": "quart_load", "secret_key": secret, "fallbacks": fallbacks, "cookie": mine, "now": timestamps[index]])
        }
        for (index, answer) in try FrameworksOracle.ask(loads).enumerated() {
            XCTAssertEqual(answer["tagged_json"] as? String, taggedJSON[index], "seed \(seed) case \(index)")
            XCTAssertEqual((answer["timestamp"] as? NSNumber)?.int64Value, timestamps[index])
        }
    }

    /// The profile table's Starlette and Django rows, through `Serializer(profile:)` and the C
    /// and CLI paths that read them, sign as the frameworks do.
    func testEveryFrameworkRowSignsAsItsFramework() throws {
        try FrameworksOracle.require()
        let key = "profile-key", at: Int64 = 1_700_000_000, json = #"{"user": "ada", "cart": [1, 2], "n": 1.5}"#
        let requests: [(Profile, [String: Any])] = [
            (.starletteSession, ["op": "starlette_mint", "secret_key": key, "json": json, "timestamp": at]),
            (.djangoSigning, ["op": "django_dumps", "key": key, "fallbacks": [String](), "salt": "django.core.signing",
                              "compress": false, "algorithm": "", "json": json, "timestamp": at]),
            (.djangoSession, ["op": "django_session_save", "key": key, "fallbacks": [String](), "json": json, "timestamp": at]),
        ]
        XCTAssertEqual(Set(requests.map(\.0.name)), Set(Profile.all.filter(\.ownJSON).map(\.name)))
        for ((row, _), answer) in zip(requests, try FrameworksOracle.ask(requests.map(\.1))) {
            let theirs = answer["cookie"] as? String ?? answer["token"] as? String
            let ours = try Serializer(profile: row, secretKeys: [Array(key.utf8)]).dumps(try PythonJSON.decode(Array(json.utf8)), timestamp: at)
            XCTAssertEqual(String(decoding: ours, as: UTF8.self), theirs, row.name)
        }
    }

    /// Signet's outcome against the framework's: the same JSON, or a refusal of the same class
    /// (an exception other than a signature error in Python is a payload error in Signet).
    private func compare(_ outcome: Result<VerifiedJSON, SignetError>, _ answer: [String: Any], lenient: Bool, _ context: String) {
        switch outcome {
        case .success(let verified):
            XCTAssertEqual(verified.json, answer["json"] as? String, context)
        case .failure(let error):
            if lenient {
                // Python reads the changed signature through its lenient base64 (an unused bit
                // changed) and goes on; Signet refuses non-canonical base64 as a bad signature.
                XCTAssertTrue(error.isA(.badSignature), "\(context): \(error)")
                return
            }
            guard let pythonError = answer["error"] as? String else {
                XCTFail("\(context): Python reads \(answer), Signet refuses: \(error)")
                return
            }
            if ["BadSignature", "BadTimeSignature", "SignatureExpired"].contains(pythonError) {
                XCTAssertEqual(error.kind.pythonClass, pythonError, "\(context): \(error)")
            } else {
                XCTAssertTrue(error.isA(.badPayload), "\(context): Python raised \(pythonError), Signet: \(error)")
            }
        }
    }
}
