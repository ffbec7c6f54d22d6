import Foundation
@testable import Signet

/// One case of Tests/Vectors/itsdangerous/*.json (see the README there). Fields a given op does
/// not use are nil.
struct ItsdangerousCase: Decodable {
    /// An integer field; numbers beyond Int64 are stored as strings in the files and read as nil.
    struct Number: Decodable {
        let int64: Int64?
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int64.self) {
                int64 = value
            } else {
                _ = try container.decode(String.self)
                int64 = nil
            }
        }
    }

    struct Fallback: Decodable {
        let sep: String
        let derivation: String
        let digest: String
        let algorithm: String
    }
    struct Expect: Decodable {
        let value_hex: String?
        let timestamp: Number?
        let error: String?
        let message: String?
        let payload_hex: String?
        let date_signed: Number?
        let python_crash: Bool?
        let obj_json: String?
        let valid: Bool?
    }

    let op: String
    let note: String?
    let keys_hex: [String]?
    let secret_keys_hex: [String]?
    let salt_hex: String?
    let sep: String?
    let derivation: String?
    let digest: String?
    let algorithm: String?
    let fallbacks: [Fallback]?
    let `class`: String?
    let value_hex: String?
    let token: String?
    let token_hex: String?
    let timestamp: Number?
    let now: Number?
    let max_age: Number?
    let legacy: Bool?
    let obj_json: String?
    let expect: Expect?
    let python_accepts: Bool?
    let strict_base64: Bool?
    let canonical_timestamp: Bool?
    let return_timestamp: Bool?

    var name: String { "\(op) \(note ?? "")" }
    /// False when a time in the case is beyond what an Int64 of seconds holds.
    var representable: Bool {
        [timestamp, now, max_age, expect?.timestamp, expect?.date_signed].allSatisfy { $0 == nil || $0?.int64 != nil }
    }
    var signedAt: Int64? { timestamp?.int64 }
    var checkedAt: Int64? { now?.int64 }
    var maxAge: Int64? { max_age?.int64 }
    var tokenBytes: [UInt8] { token_hex.map { [UInt8](hex: $0) } ?? Array((token ?? "").utf8) }
    var keys: [[UInt8]] { (keys_hex ?? secret_keys_hex ?? []).map { [UInt8](hex: $0) } }

    /// Whether Signet must give Python's exact answer: Python's own answer is not a crash, and
    /// every base64 part is canonical (otherwise Signet refuses the token, perhaps with another
    /// error than Python's). Timestamps with leading zero bytes are canonical base64 of a valid
    /// number: Signet reads them as Python does.
    var signetMustAgree: Bool {
        expect?.python_crash != true && strict_base64 != false
    }

    var signerOptions: SignerOptions {
        SignerOptions(
            separator: Array(sep!.utf8), keyDerivation: KeyDerivation(rawValue: derivation!)!,
            digest: DigestAlgorithm(rawValue: digest!)!, algorithm: SigningAlgorithm(rawValue: algorithm!)!)
    }

    func signer() throws(SignetError) -> Signer {
        let options = signerOptions
        return try Signer(
            secretKeys: keys, salt: [UInt8](hex: salt_hex!), separator: options.separator,
            keyDerivation: options.keyDerivation, digest: options.digest, algorithm: options.algorithm)
    }

    func serializer() throws(SignetError) -> Serializer {
        let fallbacks = (fallbacks ?? []).map {
            SignerOptions(
                separator: Array($0.sep.utf8), keyDerivation: KeyDerivation(rawValue: $0.derivation)!,
                digest: DigestAlgorithm(rawValue: $0.digest)!, algorithm: SigningAlgorithm(rawValue: $0.algorithm)!)
        }
        let kind = `class`!
        return try Serializer(
            secretKeys: keys, salt: [UInt8](hex: salt_hex!), signer: signerOptions, fallbackSigners: fallbacks,
            payloadEncoding: kind.hasPrefix("URLSafe") ? .urlSafe : .plain,
            jsonOptions: kind.hasPrefix("URLSafe") ? .compact : .pythonDefault,
            timing: kind.contains("Timed") ? .timed(clock: .fixed(signedAt ?? checkedAt ?? 0), epoch: .unix) : .untimed)
    }

    /// Whether a key of the case is empty: Python signs with it, Signet refuses it (`.emptyKey`).
    var hasEmptyKey: Bool { keys.contains(where: \.isEmpty) }

    /// The cases Signet must answer as Python does: those without an empty key.
    static func load(_ file: String) throws -> [ItsdangerousCase] {
        try loadAll(file).filter { !$0.hasEmptyKey }
    }

    static func loadAll(_ file: String) throws -> [ItsdangerousCase] {
        struct Document: Decodable { let cases: [ItsdangerousCase] }
        return try JSONDecoder().decode(Document.self, from: Fixtures.data("itsdangerous/\(file).json")).cases
    }
}

/// Parses the `obj_json` of a vector (Python's `json.dumps(obj, ensure_ascii=True)`).
func pythonValue(_ json: String) throws -> JSONValue {
    try PythonJSON.decode(Array(json.utf8))
}

/// The `obj_json` form of a value, to compare with a vector's.
func pythonText(_ value: JSONValue) throws -> String {
    String(decoding: try PythonJSON.encode(value, options: .pythonDefault), as: UTF8.self)
}
