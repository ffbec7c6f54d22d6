import COpenSSL

/// An HMAC key prepared once: the inner and outer padded key blocks of RFC 2104.
///
/// The pads are wiped when the key is released. A `HMACKey` is immutable and may be shared
/// across threads; each computation uses a `DigestContext` owned by the calling thread.
public final class HMACKey: Sendable {
    /// The digest the MAC is built on.
    public let algorithm: DigestAlgorithm
    private let innerPad: SecretBytes
    private let outerPad: SecretBytes

    /// Prepares `key` (any length; longer than a block is hashed first, per RFC 2104).
    public init(key: UnsafeRawBufferPointer, algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        let blockSize = algorithm.blockSize
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            let digest = DigestContext(algorithm).hash([key])
            for index in digest.indices { block[index] = digest[index] }
        } else {
            for index in 0..<key.count { block[index] = key[index] }
        }
        innerPad = SecretBytes(block.map { $0 ^ 0x36 })
        outerPad = SecretBytes(block.map { $0 ^ 0x5C })
        block.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }

    /// Prepares `key`.
    public convenience init<C: Collection<UInt8>>(key: C, algorithm: DigestAlgorithm) {
        let bytes = SecretBytes(key)
        self.init(key: bytes.bytes, algorithm: algorithm)
    }

    /// Computes HMAC(key, message) into `out`, which must hold `algorithm.outputSize` bytes.
    func authenticate(_ message: [UnsafeRawBufferPointer], into out: UnsafeMutableRawPointer, using context: DigestContext) {
        var inner = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &inner) { innerBytes in
            context.hash([innerPad.bytes] + message, into: innerBytes.baseAddress!)
            let innerDigest = UnsafeRawBufferPointer(rebasing: innerBytes[0..<algorithm.outputSize])
            context.hash([outerPad.bytes, innerDigest], into: out)
        }
    }

    /// HMAC(key, message).
    public func authenticate<C: Collection<UInt8>>(_ message: C) -> [UInt8] {
        let context = DigestContext(algorithm)
        var out = [UInt8](repeating: 0, count: algorithm.outputSize)
        Array(message).withUnsafeBytes { messageBytes in
            out.withUnsafeMutableBytes { authenticate([messageBytes], into: $0.baseAddress!, using: context) }
        }
        return out
    }
}
