import XCTest
@testable import Signet

final class HMACKeyTests: XCTestCase {
    func testRFC2202AndRFC4231() throws {
        let vectors = try HMACVectors.load()
        XCTAssertEqual(vectors.cases.count, 42)
        for vector in vectors.cases {
            let key = HMACKey(key: [UInt8](hex: vector.key_hex), algorithm: DigestAlgorithm(rawValue: vector.digest)!)
            XCTAssertEqual(key.authenticate([UInt8](hex: vector.data_hex)).hex, vector.mac_hex, "\(vector.digest) \(vector.source)")
        }
    }

    /// Wycheproof's "modified tag" idea: every single-bit flip, truncation and extension of a
    /// valid tag must be refused by the verifier.
    func testEveryModifiedTagIsRefused() throws {
        for digest in [DigestAlgorithm.sha1, .sha256] {
            let signer = try Signer(secretKey: Array("key".utf8), keyDerivation: .none, digest: digest)
            let value = Array("message".utf8)
            let tag = HMACKey(key: Array("key".utf8), algorithm: digest).authenticate(value)
            XCTAssertTrue(verify(signer, value, tag))
            for bit in 0..<(tag.count * 8) {
                var modified = tag
                modified[bit / 8] ^= 1 << UInt8(bit % 8)
                XCTAssertFalse(verify(signer, value, modified), "bit \(bit)")
            }
            XCTAssertFalse(verify(signer, value, Array(tag.dropLast())))
            XCTAssertFalse(verify(signer, value, tag + [0]))
            XCTAssertFalse(verify(signer, value, []))
            XCTAssertFalse(verify(signer, value, [UInt8](repeating: 0, count: tag.count)))
        }
    }

    struct Wycheproof: Decodable {
        struct Test: Decodable {
            let tcId: Int
            let digest: String
            let key: String
            let msg: String
            let tag: String
            let result: String
            let flag: String
        }
        let tests: [Test]
    }

    /// Wycheproof's HMAC-SHA1 and HMAC-SHA256 vectors (Tests/Vectors/hmac/wycheproof.json, all 170 + 174
    /// cases): valid tags, full and truncated (SHA-1 to 80 bits, SHA-256 to 128), must verify; every
    /// "ModifiedTag" case must be refused, by the HMAC layer's constant-time comparison and, for
    /// full-length tags, by the Signer itself.
    func testWycheproofHMACVectors() throws {
        let vectors = try JSONDecoder().decode(Wycheproof.self, from: Fixtures.data("hmac/wycheproof.json"))
        XCTAssertEqual(vectors.tests.count, 344)
        XCTAssertEqual(vectors.tests.filter { $0.flag == "ModifiedTag" }.count, 212)
        for test in vectors.tests {
            let digest = try XCTUnwrap(DigestAlgorithm(rawValue: test.digest))
            let tag = [UInt8](hex: test.tag)
            let mac = HMACKey(key: [UInt8](hex: test.key), algorithm: digest).authenticate([UInt8](hex: test.msg))
            let matches = constantTimeEquals(mac.prefix(tag.count), tag)
            XCTAssertEqual(matches, test.result == "valid", "tcId \(test.tcId)")
            XCTAssertEqual(test.result == "invalid", test.flag == "ModifiedTag", "tcId \(test.tcId)")
            if tag.count == digest.outputSize {
                let signer = try Signer(secretKey: [UInt8](hex: test.key), keyDerivation: .none, digest: digest)
                XCTAssertEqual(verify(signer, [UInt8](hex: test.msg), tag), test.result == "valid", "tcId \(test.tcId) via Signer")
            }
        }
    }

    func verify(_ signer: Signer, _ value: [UInt8], _ tag: [UInt8]) -> Bool {
        let signature = Base64URL.encode(tag)
        return value.withUnsafeBytes { v in signature.withUnsafeBytes { s in signer.verifySignature(value: v, signature: s) } }
    }

    /// HMAC-SHA1 writes its own padding (shim.h's copenssl_hmac_sha1_finish): against RFC 2104
    /// computed from one-shot hashes, for every message length across the first block
    /// boundaries (55, 56, 63, 64, 119, 120, ...) and keys below, at and above a block.
    func testSHA1MatchesRFC2104AtEveryLengthAcrossBlockBoundaries() {
        for keyLength in [1, 20, 64, 100] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255) }
            let hmac = HMACKey(key: key, algorithm: .sha1)
            var block = key.count > 64 ? DigestAlgorithm.sha1.hash(key) : key
            block += [UInt8](repeating: 0, count: 64 - block.count)
            for length in 0...200 {
                let message = (0..<length).map { _ in UInt8.random(in: 0...255) }
                let inner = DigestAlgorithm.sha1.hash(block.map { $0 ^ 0x36 } + message)
                let expected = DigestAlgorithm.sha1.hash(block.map { $0 ^ 0x5C } + inner)
                XCTAssertEqual(hmac.authenticate(message), expected, "key \(keyLength) bytes, message \(length) bytes")
            }
        }
    }

    /// The word-at-a-time comparison (shim.h's copenssl_equal) sees a one-bit difference at any
    /// position of any length, including the bytes its last, overlapping word reads twice.
    func testConstantTimeEqualsSeesEveryOneBitDifference() {
        for length in 0...40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            XCTAssertTrue(constantTimeEquals(bytes, bytes), "length \(length)")
            XCTAssertFalse(constantTimeEquals(bytes, bytes + [0]), "length \(length)")
            for position in 0..<length {
                for bit in [0, 7] {
                    var other = bytes
                    other[position] ^= 1 << UInt8(bit)
                    XCTAssertFalse(constantTimeEquals(bytes, other), "length \(length), byte \(position), bit \(bit)")
                }
            }
        }
    }

    func testKeysLongerThanABlockAreHashedFirst() {
        let long = [UInt8](repeating: 7, count: 200)
        let hashed = DigestAlgorithm.sha256.hash(long)
        XCTAssertEqual(HMACKey(key: long, algorithm: .sha256).authenticate([1]), HMACKey(key: hashed, algorithm: .sha256).authenticate([1]))
    }
}
