/// What produces the signature bytes (`SigningAlgorithm`).
public enum SigningAlgorithm: String, Sendable {
    /// HMAC with the signer's digest (`HMACAlgorithm`).
    case hmac
    /// No signature at all (`NoneAlgorithm`): the token is **not** protected. Never a default;
    /// only for reading tokens an application deliberately minted unsigned.
    case none
}

/// Signs bytes and verifies them (itsdangerous `Signer`).
///
/// A `Signer` is immutable; it can be shared by any number of tasks and threads.
public struct Signer: Sendable {
    /// itsdangerous's default salt, `itsdangerous.Signer`.
    public static let defaultSalt: [UInt8] = Profile.signer.salt
    /// The bytes a separator must not contain (`_base64_alphabet`).
    static let reservedSeparatorBytes: [UInt8] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=".utf8)

    public let salt: [UInt8]
    public let separator: [UInt8]
    public let keyDerivation: KeyDerivation
    public let digest: DigestAlgorithm
    public let algorithm: SigningAlgorithm
    /// Derived keys, newest first: index 0 signs, all are tried to verify.
    let keys: [HMACKey]

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - secretKeys: oldest first; the last one signs and every one verifies (key rotation).
    ///     Neither the list nor any key in it may be empty (`.emptyKey`: an empty key, even an
    ///     old one kept only to verify, lets anyone forge). The bytes are copied; derived keys
    ///     are wiped when released.
    ///   - salt: distinguishes signatures made for different purposes.
    ///   - separator: between value and signature. Refused when it contains a byte of the
    ///     base64 alphabet or `=` (Python refuses only a separator that is a substring of it).
    ///   - keyDerivation: how the signing key comes from each secret key and the salt.
    ///   - digest: the hash for the key derivation and the HMAC.
    ///   - algorithm: `.hmac`, or the explicit unsigned `.none`.
    public init(
        secretKeys: [[UInt8]],
        salt: [UInt8] = Signer.defaultSalt,
        separator: [UInt8] = Profile.signer.separator,
        keyDerivation: KeyDerivation = Profile.signer.keyDerivation,
        digest: DigestAlgorithm = Profile.signer.digest,
        algorithm: SigningAlgorithm = .hmac
    ) throws(SignetError) {
        guard !secretKeys.isEmpty else {
            throw SignetError(.invalidArgument, "at least one secret key is required")
        }
        guard !secretKeys.contains(where: \.isEmpty) else {
            throw SignetError(.emptyKey, "a secret key is empty: anyone could forge its signatures")
        }
        guard !separator.isEmpty, !separator.contains(where: Signer.reservedSeparatorBytes.contains) else {
            throw SignetError(
                .invalidArgument,
                "The given separator cannot be used because it may be contained in the signature itself. ASCII letters, digits, and '-_=' must not be used."
            )
        }
        self.salt = salt
        self.separator = separator
        self.keyDerivation = keyDerivation
        self.digest = digest
        self.algorithm = algorithm
        keys = secretKeys.reversed().map { secret in
            let secretBytes = SecretBytes(secret)
            let derived = secretBytes.withUnsafeBytes {
                keyDerivation.derive(secretKey: $0, salt: salt, digest: digest)
            }
            return derived.withUnsafeBytes { HMACKey(key: $0, algorithm: digest) }
        }
    }

    /// Creates a signer with one secret key.
    public init(
        secretKey: [UInt8],
        salt: [UInt8] = Signer.defaultSalt,
        separator: [UInt8] = Profile.signer.separator,
        keyDerivation: KeyDerivation = Profile.signer.keyDerivation,
        digest: DigestAlgorithm = Profile.signer.digest,
        algorithm: SigningAlgorithm = .hmac
    ) throws(SignetError) {
        try self.init(
            secretKeys: [secretKey], salt: salt, separator: separator,
            keyDerivation: keyDerivation, digest: digest, algorithm: algorithm)
    }

    /// The number of secret keys.
    public var keyCount: Int { keys.count }

    /// Stack storage for one raw signature (the largest digest, 64 bytes).
    typealias SignatureBuffer = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    static let emptySignatureBuffer: SignatureBuffer = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The raw signature of `value` under the newest key (`get_signature` before base64).
    func rawSignature(_ value: UnsafeRawBufferPointer, key: HMACKey, into out: UnsafeMutableRawPointer) -> Int {
        switch algorithm {
        case .none:
            return 0
        case .hmac:
            key.authenticate(value, into: out)
            return digest.outputSize
        }
    }

    /// The base64 signature of `value` (`get_signature`).
    public func signature<C: Collection<UInt8>>(for value: C) -> [UInt8] {
        var raw = Signer.emptySignatureBuffer
        return withUnsafeMutableBytes(of: &raw) { rawBuffer in
            let length = Array(value).withUnsafeBytes { rawSignature($0, key: keys[0], into: rawBuffer.baseAddress!) }
            return Base64URL.encode(UnsafeRawBufferPointer(rebasing: rawBuffer[0..<length]))
        }
    }

    /// `value + separator + signature` (`sign`).
    public func sign<C: Collection<UInt8>>(_ value: C) -> [UInt8] {
        var token = Array(value)
        token += separator
        token += signature(for: value)
        return token
    }

    /// Whether `signature` (base64) is valid for `value` under any key, newest first
    /// (`verify_signature`). Comparison is constant-time.
    public func verifySignature(value: UnsafeRawBufferPointer, signature: UnsafeRawBufferPointer) -> Bool {
        Signer.signatureMatches(signature, keyCount: keys.count) { index, out in
            rawSignature(value, key: keys[index], into: out)
        }
    }

    /// Whether base64 `signature` equals `sign(index, out)` (which writes a raw signature and
    /// returns its length) for any key index below `keyCount`, in constant time. Both buffers
    /// live on the stack: verification allocates nothing.
    @inline(__always)
    static func signatureMatches(
        _ signature: UnsafeRawBufferPointer, keyCount: Int, sign: (Int, UnsafeMutableRawPointer) -> Int
    ) -> Bool {
        guard signature.count <= Base64URL.encodedLength(DigestAlgorithm.maxOutputSize) else { return false }
        // Not zeroed first: only the bytes each step writes are read.
        let size = MemoryLayout<SignatureBuffer>.size
        return withUnsafeTemporaryAllocation(byteCount: 2 * size, alignment: 16) { buffers in
            let decodedBuffer = UnsafeMutableRawBufferPointer(rebasing: buffers[0..<size])
            let expectedBuffer = UnsafeMutableRawBufferPointer(rebasing: buffers[size...])
            guard let decodedLength = Base64URL.decode(signature, into: decodedBuffer) else { return false }
            let decodedBytes = UnsafeRawBufferPointer(rebasing: decodedBuffer[0..<decodedLength])
            for index in 0..<keyCount {
                let length = sign(index, expectedBuffer.baseAddress!)
                if constantTimeEquals(decodedBytes, UnsafeRawBufferPointer(rebasing: expectedBuffer[0..<length])) {
                    return true
                }
            }
            return false
        }
    }

    /// Verifies `token` and returns the signed value (`unsign`).
    ///
    /// Splits on the last separator. Throws `.badSignature` when there is no separator or the
    /// signature does not match; in the latter case the error's `payload` is the (untrusted) value.
    public func unsign<C: Collection<UInt8>>(_ token: C) throws(SignetError) -> [UInt8] {
        let bytes = Array(token)
        let range = bytes.withUnsafeBytes { tokenBytes in
            Result { () throws(SignetError) in try unsignedRange(tokenBytes) }
        }
        return Array(bytes[try range.get()])
    }

    /// The range of the signed value inside `token`, after verifying it.
    func unsignedRange(_ token: UnsafeRawBufferPointer) throws(SignetError) -> Range<Int> {
        guard let split = lastIndex(of: separator, in: token) else {
            throw SignetError.noSeparator(separator)
        }
        let value = UnsafeRawBufferPointer(rebasing: token[0..<split])
        let signature = UnsafeRawBufferPointer(rebasing: token[(split + separator.count)...])
        if verifySignature(value: value, signature: signature) {
            return 0..<split
        }
        throw SignetError(.badSignature, "Signature does not match", payload: Array(value))
    }

    /// Whether `token` carries a valid signature (`validate`).
    public func validate<C: Collection<UInt8>>(_ token: C) -> Bool {
        (try? unsign(token)) != nil
    }

    /// The start of the last occurrence of `needle` in `haystack` (`rsplit(sep, 1)`).
    func lastIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        needle.withUnsafeBufferPointer { Signer.lastIndex(of: $0, in: haystack) }
    }

    /// The start of the last occurrence of `needle` in `haystack`.
    static func lastIndex(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeRawBufferPointer) -> Int? {
        let n = needle.count
        guard n > 0, haystack.count >= n else { return nil }
        if n == 1 {
            // The usual ".".
            return ByteSearch.lastIndex(of: needle[0], in: haystack, range: 0..<haystack.count)
        }
        var start = haystack.count - n
        while start >= 0 {
            var match = true
            for offset in 0..<n where haystack[start + offset] != needle[offset] {
                match = false
                break
            }
            if match { return start }
            start -= 1
        }
        return nil
    }
}

extension Signer {
    /// The signer of a ``Profile`` row with `secretKeys` (oldest first; the last signs).
    public init(profile: Profile, secretKeys: [[UInt8]]) throws(SignetError) {
        try self.init(
            secretKeys: secretKeys, salt: profile.salt, separator: profile.separator,
            keyDerivation: profile.keyDerivation, digest: profile.digest)
    }

    /// Creates a signer from UTF-8 strings.
    public init(
        secretKey: String,
        salt: String = Profile.signer.saltText.description,
        separator: String = Profile.signer.separatorText.description,
        keyDerivation: KeyDerivation = Profile.signer.keyDerivation,
        digest: DigestAlgorithm = Profile.signer.digest,
        algorithm: SigningAlgorithm = .hmac
    ) throws(SignetError) {
        try self.init(
            secretKeys: [Array(secretKey.utf8)], salt: Array(salt.utf8), separator: Array(separator.utf8),
            keyDerivation: keyDerivation, digest: digest, algorithm: algorithm)
    }

    /// Signs a UTF-8 string, returning the token as a string.
    public func sign(_ value: String) -> String {
        String(decoding: sign(Array(value.utf8)), as: UTF8.self)
    }

    /// Verifies a token, returning the signed value as a string.
    public func unsign(_ token: String) throws(SignetError) -> String {
        String(decoding: try unsign(Array(token.utf8)), as: UTF8.self)
    }
}
