/// How the signing key is derived from a secret key and the salt (`Signer.derive_key`).
public enum KeyDerivation: String, Sendable, CaseIterable {
    /// H(salt + key)
    case concat
    /// H(salt + "signer" + key): itsdangerous's default.
    case djangoConcat = "django-concat"
    /// HMAC(key, salt): Flask's session choice.
    case hmac
    /// The secret key as is.
    case none

    /// Derives the signing key; the result is wiped when released.
    public func derive(secretKey: UnsafeRawBufferPointer, salt: [UInt8], digest: DigestAlgorithm) -> SecretBytes {
        salt.withUnsafeBytes { saltBytes in
            switch self {
            case .concat:
                return DigestContext(digest).secretHash([saltBytes, secretKey])
            case .djangoConcat:
                return Array("signer".utf8).withUnsafeBytes { word in
                    DigestContext(digest).secretHash([saltBytes, word, secretKey])
                }
            case .hmac:
                var mac = [UInt8](repeating: 0, count: digest.outputSize)
                let key = HMACKey(key: secretKey, algorithm: digest)
                mac.withUnsafeMutableBytes { out in
                    key.authenticate(saltBytes, into: out.baseAddress!)
                }
                defer { mac.withUnsafeMutableBytes { wipe($0) } }
                return SecretBytes(mac)
            case .none:
                return SecretBytes(copying: secretKey.baseAddress, count: secretKey.count)
            }
        }
    }
}
