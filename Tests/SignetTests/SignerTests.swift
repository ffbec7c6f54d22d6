import Foundation
import XCTest
@testable import Signet

final class SignerTests: XCTestCase {
    func testRefusesSeparatorsFromTheBase64Alphabet() {
        for separator in ["a", "Z", "0", "-", "_", "=", "", "ac", ".a"] {
            XCTAssertThrowsError(try Signer(secretKey: "k", separator: separator), separator) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .invalidArgument)
            }
        }
        for separator in [".", ":", "|", "~", "::", "!"] {
            XCTAssertNoThrow(try Signer(secretKey: "k", separator: separator), separator)
        }
    }

    func testRefusesAnEmptyKeyList() {
        XCTAssertThrowsError(try Signer(secretKeys: [])) { XCTAssertEqual(($0 as? SignetError)?.kind, .invalidArgument) }
    }

    func testRefusesAnEmptyKeyAnywhereInTheList() {
        // itsdangerous signs with b"": anyone could then forge. Refused alone, as the newest
        // key, and as one fallback among others, whatever the derivation or algorithm.
        let k = Array("k".utf8)
        for keys in [[[]], [k, []], [k, [], k]] as [[[UInt8]]] {
            for derivation in [KeyDerivation.concat, .djangoConcat, .hmac, .none] {
                for algorithm in [SigningAlgorithm.hmac, .none] {
                    XCTAssertThrowsError(try Signer(secretKeys: keys, keyDerivation: derivation, algorithm: algorithm)) {
                        XCTAssertEqual(($0 as? SignetError)?.kind, .emptyKey)
                        XCTAssertFalse(($0 as? SignetError)?.isA(.badData) ?? true)
                    }
                }
            }
            XCTAssertThrowsError(try Serializer.urlSafeTimed(secretKeys: keys)) { XCTAssertEqual(($0 as? SignetError)?.kind, .emptyKey) }
            XCTAssertThrowsError(try Serializer(secretKeys: keys)) { XCTAssertEqual(($0 as? SignetError)?.kind, .emptyKey) }
        }
        XCTAssertThrowsError(try Signer(secretKey: "")) { XCTAssertEqual(($0 as? SignetError)?.kind, .emptyKey) }
        XCTAssertEqual(SignetError.Kind.emptyKey.pythonClass, "ValueError")
    }

    func testTheVectorsWithAnEmptyKeyAreRefused() throws {
        // The vectors' empty keys are what Python signs with; Signet refuses each of them.
        var refused = 0
        for file in ["signer", "timed", "serializer"] {
            for vector in try ItsdangerousCase.loadAll(file) where vector.hasEmptyKey {
                do {
                    if file == "serializer" { _ = try vector.serializer() } else { _ = try vector.signer() }
                    XCTFail("an empty key was accepted: \(vector.name)")
                } catch {
                    XCTAssertEqual(error.kind, .emptyKey, vector.name)
                }
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 100)
    }

    func testNewestKeySignsAndEveryKeyVerifies() throws {
        let old = try Signer(secretKey: "old")
        let rotated = try Signer(secretKeys: [Array("old".utf8), Array("new".utf8)])
        let new = try Signer(secretKey: "new")
        XCTAssertEqual(rotated.sign("x"), new.sign("x"))
        XCTAssertEqual(try rotated.unsign(old.sign("x")), "x")
        XCTAssertThrowsError(try new.unsign(old.sign("x")))
    }

    func testSplitsOnTheLastSeparator() throws {
        let signer = try Signer(secretKey: "k")
        XCTAssertEqual(try signer.unsign(signer.sign("a.b.c")), "a.b.c")
        let multi = try Signer(secretKey: "k", separator: "::")
        XCTAssertEqual(try multi.unsign(multi.sign("a::b")), "a::b")
    }

    func testBadSignatureCarriesThePayload() throws {
        let signer = try Signer(secretKey: "k")
        XCTAssertThrowsError(try signer.unsign("value.AAAA")) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .badSignature)
            XCTAssertEqual((error as? SignetError)?.payload, Array("value".utf8))
        }
        XCTAssertThrowsError(try signer.unsign("no separator")) { error in
            XCTAssertNil((error as? SignetError)?.payload)
        }
        XCTAssertFalse(signer.validate(Array("value.".utf8)))
    }

    func testTheUnsignedNoneAlgorithmIsExplicit() throws {
        let unsigned = try Signer(secretKey: "k", algorithm: .none)
        XCTAssertEqual(unsigned.sign("v"), "v.")
        XCTAssertEqual(try unsigned.unsign("v."), "v")
        // A default signer never accepts an unsigned token.
        XCTAssertThrowsError(try Signer(secretKey: "k").unsign("v."))
        XCTAssertEqual(try Signer(secretKey: "k").algorithm, .hmac)
    }

    func testSharedAcrossThreads() throws {
        let signer = try Signer(secretKeys: [Array("a".utf8), Array("b".utf8)], digest: .sha256)
        let tokens = (0..<64).map { signer.sign(Array("value \($0)".utf8)) }
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for round in 0..<200 {
                let index = (worker * 31 + round) % tokens.count
                XCTAssertEqual(try? signer.unsign(tokens[index]), Array("value \(index)".utf8))
            }
        }
    }
}

/// Tests/Vectors/itsdangerous/signer.json and known_answers.json, written by itsdangerous 2.2.0.
final class SignerVectorTests: XCTestCase {
    func testKnownAnswersFromTheDocumentation() throws {
        let cases = try ItsdangerousCase.load("known_answers")
        let sign = cases.first { $0.op == "sign" }!
        XCTAssertEqual(try Signer(secretKey: "secret-key").sign("my string"), sign.token)
        XCTAssertEqual(try sign.signer().sign([UInt8](hex: sign.value_hex!)), Array(sign.token!.utf8))
        for dumps in cases where dumps.op == "dumps" {
            XCTAssertEqual(String(decoding: try dumps.serializer().dumps(try pythonValue(dumps.obj_json!)), as: UTF8.self), dumps.token)
        }
    }

    func testSignsLikeItsdangerous() throws {
        let cases = try ItsdangerousCase.load("signer").filter { $0.op == "sign" }
        XCTAssertGreaterThan(cases.count, 600)  // without the empty-key cases, refused above
        for vector in cases {
            XCTAssertEqual(try vector.signer().sign([UInt8](hex: vector.value_hex!)).hex, vector.token_hex, vector.name)
        }
    }

    func testUnsignsLikeItsdangerous() throws {
        let cases = try ItsdangerousCase.load("signer").filter { $0.op == "unsign" }
        XCTAssertGreaterThan(cases.count, 400)
        var deliberate = 0
        for vector in cases {
            let result = Result { () throws(SignetError) in try vector.signer().unsign(vector.tokenBytes) }
            guard vector.signetMustAgree else {
                // Python reads this token through its lenient base64; Signet refuses it on purpose.
                XCTAssertThrowsError(try result.get(), vector.name)
                deliberate += 1
                continue
            }
            switch result {
            case .success(let value):
                XCTAssertEqual(value.hex, vector.expect?.value_hex, vector.name)
            case .failure(let error):
                XCTAssertEqual(error.kind.pythonClass, vector.expect?.error, "\(vector.name): \(error)")
                XCTAssertEqual(error.payload?.hex, vector.expect?.payload_hex, vector.name)
            }
        }
        XCTAssertGreaterThan(deliberate, 0, "the vectors should include Python-only lenient tokens")
    }

    func testRefusesTheSeparatorsItsdangerousRefuses() throws {
        for vector in try ItsdangerousCase.load("signer") where vector.op == "construct" {
            let made = Result { () throws(SignetError) in try Signer(secretKey: Array("k".utf8), separator: Array(vector.sep!.utf8)) }
            if vector.python_accepts == false {
                XCTAssertThrowsError(try made.get(), vector.sep!)
            } else if !vector.sep!.utf8.contains(where: Signer.reservedSeparatorBytes.contains) {
                XCTAssertNoThrow(try made.get(), vector.sep!)
            } else {
                // Python allows e.g. "ba" (not a substring of its alphabet); Signet refuses any
                // separator containing an alphabet byte (README: deviations).
                XCTAssertThrowsError(try made.get(), vector.sep!)
            }
        }
    }
}
