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

    /// Splits `cookie` at its last `.`: the signature must be canonical base64 of a digest's
    /// length, or no key can ever match.
    init(cookie: [UInt8], salt: [UInt8], digest: DigestAlgorithm, derivation: KeyDerivation) throws(CLIError) {
        guard cookie.count <= Limits.default.maxTokenLength else {
            throw CLIError(SignetError(.tokenTooLarge, "The token is longer than the \(Limits.default.maxTokenLength)-byte limit"))
        }
        guard let dot = cookie.lastIndex(of: UInt8(ascii: ".")) else {
            throw CLIError(SignetError(.badSignature, "No '.' found in value"))
        }
        // itsdangerous's base64_decode raises BadData for text that is not base64.
        let signature = try mapped { () throws(SignetError) in try Base64URL.decode(cookie[(dot + 1)...]) }
        guard signature.count == digest.outputSize else {
            throw CLIError(SignetError(
                .badSignature,
                "the signature is not a \(digest.rawValue) signature (\(digest.outputSize) bytes in base64): no key can match; check --digest"))
        }
        signedPart = Array(cookie[..<dot])
        self.signature = signature
        self.salt = salt
        self.digest = digest
        self.derivation = derivation
    }
}

/// One thread's checker. Per candidate: the key derivation (`hmac`: one HMAC of the salt;
/// `concat`/`django-concat`: one hash, resumed from the salt's prepared state; `none`: nothing)
/// then one HMAC over the signed part, compared in constant time. Everything lives in buffers
/// allocated once; nothing is allocated per candidate. Not shared between threads.
final class AuditChecker {
    private let hash: Int32
    private let blockSize: Int
    private let outputSize: Int
    private let derivation: KeyDerivation
    private let block: UnsafeMutableRawPointer
    private let inner: UnsafeMutablePointer<signet_hash_state>
    private let outer: UnsafeMutablePointer<signet_hash_state>
    /// The hash state after the salt (and `signer`) for the concat derivations.
    private let prefix: UnsafeMutablePointer<signet_hash_state>
    private let derived: UnsafeMutableRawPointer
    private let mac: UnsafeMutableRawPointer
    private let salt: UnsafeMutableRawBufferPointer
    private let signedPart: UnsafeMutableRawBufferPointer
    private let signature: UnsafeMutableRawBufferPointer

    init(_ target: AuditTarget) {
        // The shim's identifiers follow the order of DigestAlgorithm.allCases.
        hash = Int32(DigestAlgorithm.allCases.firstIndex(of: target.digest)!)
        blockSize = target.digest.blockSize
        outputSize = target.digest.outputSize
        derivation = target.derivation
        block = .allocate(byteCount: 128, alignment: 16)
        inner = .allocate(capacity: 1)
        outer = .allocate(capacity: 1)
        prefix = .allocate(capacity: 1)
        derived = .allocate(byteCount: 64, alignment: 16)
        mac = .allocate(byteCount: 64, alignment: 16)
        func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
            bytes.withUnsafeBytes { if $0.count > 0 { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
        }
        salt = copy(target.salt)
        signedPart = copy(target.signedPart)
        signature = copy(target.signature)
        signet_hash_init(hash, prefix)
        signet_hash_update(hash, prefix, salt.baseAddress, salt.count)
        if derivation == .djangoConcat {
            signet_hash_update(hash, prefix, "signer", 6)
        }
    }

    deinit {
        // Derived keys and padded blocks of the last candidates are key material.
        memset(block, 0, 128)
        memset(derived, 0, 64)
        memset(mac, 0, 64)
        memset(inner, 0, MemoryLayout<signet_hash_state>.size)
        memset(outer, 0, MemoryLayout<signet_hash_state>.size)
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

    /// HMAC(key, message) into `out` (RFC 2104).
    @inline(__always)
    private func hmac(key: UnsafeRawPointer, count: Int, message: UnsafeRawPointer?, length: Int, into out: UnsafeMutableRawPointer) {
        memset(block, 0, blockSize)
        if count > blockSize {
            signet_hash_init(hash, inner)
            signet_hash_update(hash, inner, key, count)
            signet_hash_final(hash, inner, block.assumingMemoryBound(to: UInt8.self))
        } else {
            memcpy(block, key, count)
        }
        let words = block.assumingMemoryBound(to: UInt64.self)
        let wordCount = blockSize / 8
        for index in 0..<wordCount { words[index] ^= 0x3636_3636_3636_3636 }
        signet_hash_init(hash, inner)
        signet_hash_update(hash, inner, block, blockSize)
        for index in 0..<wordCount { words[index] ^= 0x3636_3636_3636_3636 ^ 0x5C5C_5C5C_5C5C_5C5C }
        signet_hash_init(hash, outer)
        signet_hash_update(hash, outer, block, blockSize)
        signet_hash_update(hash, inner, message, length)
        let bytes = out.assumingMemoryBound(to: UInt8.self)
        signet_hash_final(hash, inner, bytes)
        signet_hash_update(hash, outer, out, outputSize)
        signet_hash_final(hash, outer, bytes)
    }

    /// Whether `candidate` is the secret key that signed the target.
    func matches(_ candidate: UnsafeRawPointer, count: Int) -> Bool {
        let key: UnsafeRawPointer
        let keyCount: Int
        switch derivation {
        case .hmac:
            hmac(key: candidate, count: count, message: salt.baseAddress, length: salt.count, into: derived)
            key = UnsafeRawPointer(derived)
            keyCount = outputSize
        case .concat, .djangoConcat:
            inner.pointee = prefix.pointee
            signet_hash_update(hash, inner, candidate, count)
            signet_hash_final(hash, inner, derived.assumingMemoryBound(to: UInt8.self))
            key = UnsafeRawPointer(derived)
            keyCount = outputSize
        case .none:
            key = candidate
            keyCount = count
        }
        hmac(key: key, count: keyCount, message: signedPart.baseAddress, length: signedPart.count, into: mac)
        return CRYPTO_memcmp(mac, signature.baseAddress, outputSize) == 0
    }
}
