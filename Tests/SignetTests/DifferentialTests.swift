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
                keys: (0..<Int.random(in: 1...3, using: &rng)).map { _ in rng.bytes(0...80) },
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
                if let pythonError = answer["error"] as? String {
                    XCTAssertEqual(error.kind.pythonClass, pythonError, "seed \(seed) case \(index): \(error)")
                } else {
                    XCTAssertEqual(index % 3, 0, "seed \(seed) case \(index): untampered token refused: \(error)")
                }
            }
        }
    }
}
