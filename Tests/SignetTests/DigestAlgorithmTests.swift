import XCTest
@testable import Signet

final class DigestAlgorithmTests: XCTestCase {
    func testHashesMatchHashlib() throws {
        for vector in try HMACVectors.load().digests {
            let digest = DigestAlgorithm(rawValue: vector.digest)!
            let hash = digest.hash([UInt8](hex: vector.data_hex))
            XCTAssertEqual(hash.hex, vector.hash_hex, vector.digest)
            XCTAssertEqual(hash.count, digest.outputSize)
        }
    }

    func testNamesAreHashlibNames() {
        XCTAssertEqual(DigestAlgorithm.allCases.map(\.rawValue), ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"])
    }
}
