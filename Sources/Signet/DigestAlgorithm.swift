import COpenSSL

/// A hash function from OpenSSL's libcrypto, as `hashlib` names them.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case md5, sha1, sha224, sha256, sha384, sha512

    /// Output size in bytes.
    public var outputSize: Int {
        switch self {
        case .md5: return 16
        case .sha1: return 20
        case .sha224: return 28
        case .sha256: return 32
        case .sha384: return 48
        case .sha512: return 64
        }
    }

    /// Block size in bytes (the HMAC pad length).
    public var blockSize: Int {
        switch self {
        case .md5, .sha1, .sha224, .sha256: return 64
        case .sha384, .sha512: return 128
        }
    }

    /// The name OpenSSL's providers know it by.
    var opensslName: String {
        switch self {
        case .md5: return "MD5"
        case .sha1: return "SHA1"
        case .sha224: return "SHA224"
        case .sha256: return "SHA256"
        case .sha384: return "SHA384"
        case .sha512: return "SHA512"
        }
    }

    /// The largest output of any supported digest.
    public static let maxOutputSize = 64

    /// The largest block of any supported digest (SHA-384 and SHA-512).
    public static let maxBlockSize = 128

    /// Hashes `data` in one call (`hashlib.new(name, data).digest()`).
    public func hash<C: Collection<UInt8>>(_ data: C) -> [UInt8] {
        let context = DigestContext(self)
        return Array(data).withUnsafeBytes { context.hash([$0]) }
    }
}

/// A fetched OpenSSL digest and a reusable `EVP_MD_CTX`: one per thread, never shared.
final class DigestContext {
    let algorithm: DigestAlgorithm
    let md: OpaquePointer
    let ctx: OpaquePointer

    init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        guard let md = EVP_MD_fetch(nil, algorithm.opensslName, nil), let ctx = EVP_MD_CTX_new() else {
            fatalError("libcrypto has no \(algorithm.opensslName) digest")
        }
        self.md = md
        self.ctx = ctx
    }

    deinit {
        EVP_MD_CTX_free(ctx)
        EVP_MD_free(md)
    }

    /// Hashes the concatenation of `parts`, returning the digest.
    func hash(_ parts: [UnsafeRawBufferPointer]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.outputSize)
        out.withUnsafeMutableBytes { hash(parts, into: $0.baseAddress!) }
        return out
    }

    /// Hashes the concatenation of `parts` into wiped-on-release storage (for derived keys).
    func secretHash(_ parts: [UnsafeRawBufferPointer]) -> SecretBytes {
        var out = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &out) { buffer in
            hash(parts, into: buffer.baseAddress!)
            defer { wipe(buffer) }
            return SecretBytes(copying: buffer.baseAddress, count: algorithm.outputSize)
        }
    }

    /// Hashes the concatenation of `parts` into `out` (at least `outputSize` bytes).
    func hash(_ parts: [UnsafeRawBufferPointer], into out: UnsafeMutableRawPointer) {
        precondition(EVP_DigestInit_ex2(ctx, md, nil) == 1, "EVP_DigestInit_ex2 failed")
        for part in parts where part.count > 0 {
            precondition(EVP_DigestUpdate(ctx, part.baseAddress, part.count) == 1, "EVP_DigestUpdate failed")
        }
        var length: UInt32 = 0
        precondition(
            EVP_DigestFinal_ex(ctx, out.assumingMemoryBound(to: UInt8.self), &length) == 1,
            "EVP_DigestFinal_ex failed")
    }
}
