import COpenSSL
import Signet

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a candidate key is checked against: the part of the cookie the signature covers and
/// the decoded signature, with the signer's salt, digest and key derivation.
struct AuditTarget: Sendable {
    let signedPart: [UInt8]
    let signature: [UInt8]
    let salt: [UInt8]
    let digest: DigestAlgorithm
    let derivation: KeyDerivation

    /// Splits `cookie` at its last `separator` (`.`, Django's `:`): the signature must be
    /// canonical base64 of a digest's length, or no key can ever match.
    init(cookie: [UInt8], salt: [UInt8], digest: DigestAlgorithm, derivation: KeyDerivation, separator: [UInt8]) throws(CLIError) {
        try mapped { () throws(SignetError) in try Limits.default.checkTokenLength(cookie.count) }
        let starts = separator.isEmpty ? [] : (0...max(0, cookie.count - separator.count)).filter { cookie[$0...].starts(with: separator) }
        guard let start = starts.last else { throw CLIError(SignetError.noSeparator(separator)) }
        // itsdangerous's base64_decode raises BadData for text that is not base64.
        let signature = try mapped { () throws(SignetError) in try Base64URL.decode(cookie[(start + separator.count)...]) }
        guard signature.count == digest.outputSize else {
            throw CLIError(SignetError(
                .badSignature,
                "the signature is not a \(digest.rawValue) signature (\(digest.outputSize) bytes in base64): no key can match; check --digest"))
        }
        signedPart = Array(cookie[..<start])
        self.signature = signature
        self.salt = salt
        self.digest = digest
        self.derivation = derivation
    }
}

/// One thread's checker. Per candidate: the key derivation (`hmac`: one HMAC of the salt;
/// `concat`/`django-concat`: one hash, resumed from the salt's prepared state; `none`: nothing)
/// then one HMAC over the signed part, compared in constant time. The HMACs are the core's
/// (`HMACKey.prepare` and `HMACKey.finish`) on buffers allocated once: nothing is allocated
/// per candidate. Not shared between threads.
final class AuditChecker {
    private let digest: DigestAlgorithm
    private let derivation: KeyDerivation
    private let block: UnsafeMutableRawBufferPointer
    private let inner: UnsafeMutablePointer<copenssl_hash_state>
    private let outer: UnsafeMutablePointer<copenssl_hash_state>
    /// The hash state after the salt (and `signer`) for the concat derivations.
    private let prefix: UnsafeMutablePointer<copenssl_hash_state>
    private let derived: UnsafeMutableRawPointer
    private let mac: UnsafeMutableRawPointer
    private let salt: UnsafeMutableRawBufferPointer
    private let signedPart: UnsafeMutableRawBufferPointer
    private let signature: UnsafeMutableRawBufferPointer

    init(_ target: AuditTarget) {
        digest = target.digest
        derivation = target.derivation
        block = .allocate(byteCount: DigestAlgorithm.maxBlockSize, alignment: 16)
        inner = .allocate(capacity: 1)
        outer = .allocate(capacity: 1)
        prefix = .allocate(capacity: 1)
        derived = .allocate(byteCount: DigestAlgorithm.maxOutputSize, alignment: 16)
        mac = .allocate(byteCount: DigestAlgorithm.maxOutputSize, alignment: 16)
        func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
            bytes.withUnsafeBytes { if $0.count > 0 { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
        }
        salt = copy(target.salt)
        signedPart = copy(target.signedPart)
        signature = copy(target.signature)
        let hash = digest.hashIdentifier
        copenssl_hash_init(hash, prefix)
        copenssl_hash_update(hash, prefix, salt.baseAddress, salt.count)
        if derivation == .djangoConcat {
            copenssl_hash_update(hash, prefix, "signer", 6)
        }
    }

    deinit {
        // Derived keys and hash states of the last candidates are key material.
        wipe(block)
        wipe(derived, count: DigestAlgorithm.maxOutputSize)
        wipe(mac, count: DigestAlgorithm.maxOutputSize)
        wipe(inner, count: MemoryLayout<copenssl_hash_state>.size)
        wipe(outer, count: MemoryLayout<copenssl_hash_state>.size)
        block.deallocate()
        inner.deallocate()
        outer.deallocate()
        prefix.deallocate()
        derived.deallocate()
        mac.deallocate()
        salt.deallocate()
        signedPart.deallocate()
        signature.deallocate()
    }

    /// HMAC(key, message) into `out`.
    @inline(__always)
    private func hmac(key: UnsafeRawBufferPointer, message: UnsafeMutableRawBufferPointer, into out: UnsafeMutableRawPointer) {
        HMACKey.prepare(key: key, algorithm: digest, block: block, inner: inner, outer: outer)
        HMACKey.finish(UnsafeRawBufferPointer(message), inner: inner, outer: outer, algorithm: digest, into: out)
    }

    /// Whether `candidate` is the secret key that signed the target.
    func matches(_ candidate: UnsafeRawPointer, count: Int) -> Bool {
        let candidateKey = UnsafeRawBufferPointer(start: candidate, count: count)
        let key: UnsafeRawBufferPointer
        switch derivation {
        case .hmac:
            hmac(key: candidateKey, message: salt, into: derived)
            key = UnsafeRawBufferPointer(start: derived, count: digest.outputSize)
        case .concat, .djangoConcat:
            let hash = digest.hashIdentifier
            inner.pointee = prefix.pointee
            copenssl_hash_update(hash, inner, candidate, count)
            copenssl_hash_final(hash, inner, derived.assumingMemoryBound(to: UInt8.self))
            key = UnsafeRawBufferPointer(start: derived, count: digest.outputSize)
        case .none:
            key = candidateKey
        }
        hmac(key: key, message: signedPart, into: mac)
        return copenssl_equal(mac, signature.baseAddress, digest.outputSize) != 0
    }
}
