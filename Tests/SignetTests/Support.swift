import Foundation

/// Paths of committed fixtures, found from this file so tests run from any directory.
enum Fixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let vectors = testsDirectory.appendingPathComponent("Vectors")

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: vectors.appendingPathComponent(relativePath))
    }
}


extension Array where Element == UInt8 {
    /// Bytes from lowercase or uppercase hex; traps on malformed fixtures.
    init(hex: String) {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "odd hex length")
        self = stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }

    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}

struct HMACVectors: Decodable {
    struct Case: Decodable {
        let source: String
        let digest: String
        let key_hex: String
        let data_hex: String
        let mac_hex: String
    }
    struct DigestCase: Decodable {
        let digest: String
        let data_hex: String
        let hash_hex: String
    }
    let cases: [Case]
    let digests: [DigestCase]

    static func load() throws -> HMACVectors {
        try JSONDecoder().decode(HMACVectors.self, from: Fixtures.data("hmac/rfc.json"))
    }
}
