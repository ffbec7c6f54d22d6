import COpenSSL

/// An HMAC key prepared once (RFC 2104): the hash states after absorbing the inner and outer
/// padded key blocks.
///
/// Each message then costs two state copies on the stack and the hashing of the message and of
/// the inner digest, with no allocation. The prepared states are key material: they live in
/// `SecretBytes` and stack copies are wiped after use. A `HMACKey` is immutable and may be
/// shared across threads.
public final class HMACKey: Sendable {
    /// The digest the MAC is built on.
    public let algorithm: DigestAlgorithm
    private let innerState: SecretBytes
    private let outerState: SecretBytes

    /// Prepares `key` (any length; longer than a block is hashed first, per RFC 2104).
    public init(key: UnsafeRawBufferPointer, algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        let blockSize = algorithm.blockSize
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            let digest = DigestContext(algorithm).secretHash([key])
            digest.withUnsafeBytes { for index in 0..<$0.count { block[index] = $0[index] } }
        } else {
            for index in 0..<key.count { block[index] = key[index] }
        }
        func absorb(_ pad: UInt8) -> SecretBytes {
            var padded = block.map { $0 ^ pad }
            var state = signet_hash_state()
            signet_hash_init(algorithm.hashIdentifier, &state)
            padded.withUnsafeBytes { signet_hash_update(algorithm.hashIdentifier, &state, $0.baseAddress, $0.count) }
            let secret = withUnsafeBytes(of: &state) { SecretBytes(copying: $0.baseAddress, count: $0.count) }
            withUnsafeMutableBytes(of: &state) { wipe($0) }
            padded.withUnsafeMutableBytes { wipe($0) }
            return secret
        }
        innerState = absorb(0x36)
        outerState = absorb(0x5C)
        block.withUnsafeMutableBytes { wipe($0) }
    }

    /// Prepares `key`.
    public convenience init<C: Collection<UInt8>>(key: C, algorithm: DigestAlgorithm) {
        let bytes = SecretBytes(key)
        self.init(key: bytes.bytes, algorithm: algorithm)
    }

    /// Computes HMAC(key, message) into `out`, which must hold `algorithm.outputSize` bytes.
    @inline(__always)
    func authenticate(_ message: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer) {
        HMACKey.authenticate(
            message, inner: innerState.bytes, outer: outerState.bytes, algorithm: algorithm, into: out)
    }

    /// The size of one prepared state (inner or outer).
    static let stateSize = MemoryLayout<signet_hash_state>.size

    /// Copies the prepared inner then outer state (`2 * stateSize` bytes) to `destination`,
    /// for key tables that must not be reference-counted on the hot path. The copy is key
    /// material: its owner wipes it.
    func copyStates(to destination: UnsafeMutableRawPointer) {
        destination.copyMemory(from: innerState.bytes.baseAddress!, byteCount: HMACKey.stateSize)
        (destination + HMACKey.stateSize).copyMemory(from: outerState.bytes.baseAddress!, byteCount: HMACKey.stateSize)
    }

    /// HMAC from prepared states: copies each to the stack, finishes the hash, wipes the copy.
    @inline(__always)
    static func authenticate(
        _ message: UnsafeRawBufferPointer, inner: UnsafeRawBufferPointer, outer: UnsafeRawBufferPointer,
        algorithm: DigestAlgorithm, into out: UnsafeMutableRawPointer
    ) {
        let identifier = algorithm.hashIdentifier
        let outBytes = out.assumingMemoryBound(to: UInt8.self)
        var state = signet_hash_state()
        withUnsafeMutableBytes(of: &state) { stateBytes in
            let statePointer = stateBytes.baseAddress!.assumingMemoryBound(to: signet_hash_state.self)
            stateBytes.copyMemory(from: inner)
            signet_hash_update(identifier, statePointer, message.baseAddress, message.count)
            signet_hash_final(identifier, statePointer, outBytes)
            stateBytes.copyMemory(from: outer)
            signet_hash_update(identifier, statePointer, out, algorithm.outputSize)
            signet_hash_final(identifier, statePointer, outBytes)
            wipe(stateBytes)
        }
    }

    /// HMAC(key, message).
    public func authenticate<C: Collection<UInt8>>(_ message: C) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.outputSize)
        Array(message).withUnsafeBytes { messageBytes in
            out.withUnsafeMutableBytes { authenticate(messageBytes, into: $0.baseAddress!) }
        }
        return out
    }
}

extension DigestAlgorithm {
    /// The `SIGNET_HASH_*` identifier of the shim.
    var hashIdentifier: Int32 {
        switch self {
        case .md5: return Int32(SIGNET_HASH_MD5)
        case .sha1: return Int32(SIGNET_HASH_SHA1)
        case .sha224: return Int32(SIGNET_HASH_SHA224)
        case .sha256: return Int32(SIGNET_HASH_SHA256)
        case .sha384: return Int32(SIGNET_HASH_SHA384)
        case .sha512: return Int32(SIGNET_HASH_SHA512)
        }
    }
}
