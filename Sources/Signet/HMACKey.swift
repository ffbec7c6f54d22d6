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
        var inner = copenssl_hash_state()
        var outer = copenssl_hash_state()
        withUnsafeTemporaryAllocation(byteCount: DigestAlgorithm.maxBlockSize, alignment: 16) { block in
            HMACKey.prepare(key: key, algorithm: algorithm, block: block, inner: &inner, outer: &outer)
        }
        func keep(_ state: inout copenssl_hash_state) -> SecretBytes {
            withUnsafeMutableBytes(of: &state) { bytes in
                defer { wipe(bytes) }
                return SecretBytes(copying: bytes.baseAddress, count: bytes.count)
            }
        }
        innerState = keep(&inner)
        outerState = keep(&outer)
    }

    /// RFC 2104's key step without allocating: the hash states after absorbing the key's inner
    /// and outer padded blocks, into `inner` and `outer`. `block` (at least
    /// `algorithm.blockSize` bytes) is scratch, wiped before returning.
    @inline(__always)
    package static func prepare(
        key: UnsafeRawBufferPointer, algorithm: DigestAlgorithm, block: UnsafeMutableRawBufferPointer,
        inner: UnsafeMutablePointer<copenssl_hash_state>, outer: UnsafeMutablePointer<copenssl_hash_state>
    ) {
        let identifier = algorithm.hashIdentifier
        let blockSize = algorithm.blockSize
        let padded = UnsafeMutableRawBufferPointer(rebasing: block[0..<blockSize])
        padded.initializeMemory(as: UInt8.self, repeating: 0)
        if key.count > blockSize {
            copenssl_hash_init(identifier, inner)
            copenssl_hash_update(identifier, inner, key.baseAddress, key.count)
            copenssl_hash_final(identifier, inner, padded.baseAddress!.assumingMemoryBound(to: UInt8.self))
        } else if key.count > 0 {
            padded.baseAddress!.copyMemory(from: key.baseAddress!, byteCount: key.count)
        }
        for index in 0..<blockSize { padded[index] ^= 0x36 }
        copenssl_hash_init(identifier, inner)
        copenssl_hash_update(identifier, inner, padded.baseAddress, blockSize)
        for index in 0..<blockSize { padded[index] ^= 0x36 ^ 0x5C }
        copenssl_hash_init(identifier, outer)
        copenssl_hash_update(identifier, outer, padded.baseAddress, blockSize)
        wipe(padded)
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
    static let stateSize = MemoryLayout<copenssl_hash_state>.size

    /// Copies the prepared inner then outer state (`2 * stateSize` bytes) to `destination`,
    /// for key tables that must not be reference-counted on the hot path. The copy is key
    /// material: its owner wipes it.
    func copyStates(to destination: UnsafeMutableRawPointer) {
        destination.copyMemory(from: innerState.bytes.baseAddress!, byteCount: HMACKey.stateSize)
        (destination + HMACKey.stateSize).copyMemory(from: outerState.bytes.baseAddress!, byteCount: HMACKey.stateSize)
    }

    /// HMAC from prepared states: copies each to the stack, finishes the hash, wipes the copies.
    /// Only the digest's own part of each state is copied (a SHA-1 state is less than half of
    /// the union), both copies lie in one run of stack memory wiped by one call, and they are
    /// not zeroed first: the copy fills them.
    @inline(__always)
    static func authenticate(
        _ message: UnsafeRawBufferPointer, inner: UnsafeRawBufferPointer, outer: UnsafeRawBufferPointer,
        algorithm: DigestAlgorithm, into out: UnsafeMutableRawPointer
    ) {
        let size = algorithm.hashStateSize
        let outerOffset = (size + 15) & ~15
        let byteCount = outerOffset + MemoryLayout<copenssl_hash_state>.size
        withUnsafeTemporaryAllocation(byteCount: byteCount, alignment: 16) { copies in
            let base = copies.baseAddress!
            let innerCopy = base.bindMemory(to: copenssl_hash_state.self, capacity: 1)
            let outerCopy = (base + outerOffset).bindMemory(to: copenssl_hash_state.self, capacity: 1)
            UnsafeMutableRawPointer(innerCopy).copyMemory(from: inner.baseAddress!, byteCount: size)
            UnsafeMutableRawPointer(outerCopy).copyMemory(from: outer.baseAddress!, byteCount: size)
            finish(message, inner: innerCopy, outer: outerCopy, algorithm: algorithm, into: out)
            if algorithm == .sha1 {
                // Flask's digest: a constant count, which the wipe turns into a few stores
                // (the optimizer does not always see that the sizes above are constant then).
                wipe(base, count: (MemoryLayout<SHA_CTX>.size + 15) & ~15 + MemoryLayout<SHA_CTX>.size)
            } else {
                wipe(base, count: outerOffset + size)
            }
        }
    }

    /// RFC 2104's message step: HMAC of `message` from prepared states into `out`
    /// (`algorithm.outputSize` bytes). Consumes the states: they are left mid-hash.
    @inline(__always)
    package static func finish(
        _ message: UnsafeRawBufferPointer, inner: UnsafeMutablePointer<copenssl_hash_state>,
        outer: UnsafeMutablePointer<copenssl_hash_state>, algorithm: DigestAlgorithm, into out: UnsafeMutableRawPointer
    ) {
        let outBytes = out.assumingMemoryBound(to: UInt8.self)
        if algorithm == .sha1 {
            copenssl_hmac_sha1_finish(inner, outer, message.baseAddress, message.count, outBytes)
            return
        }
        let identifier = algorithm.hashIdentifier
        copenssl_hash_update(identifier, inner, message.baseAddress, message.count)
        copenssl_hash_final(identifier, inner, outBytes)
        copenssl_hash_update(identifier, outer, out, algorithm.outputSize)
        copenssl_hash_final(identifier, outer, outBytes)
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
    /// How many leading bytes of a `copenssl_hash_state` this digest's functions use.
    var hashStateSize: Int {
        switch self {
        case .md5: return MemoryLayout<MD5_CTX>.size
        case .sha1: return MemoryLayout<SHA_CTX>.size
        case .sha224, .sha256: return MemoryLayout<SHA256_CTX>.size
        case .sha384, .sha512: return MemoryLayout<SHA512_CTX>.size
        }
    }

    /// The `COPENSSL_HASH_*` identifier of the shim.
    package var hashIdentifier: Int32 {
        switch self {
        case .md5: return Int32(COPENSSL_HASH_MD5)
        case .sha1: return Int32(COPENSSL_HASH_SHA1)
        case .sha224: return Int32(COPENSSL_HASH_SHA224)
        case .sha256: return Int32(COPENSSL_HASH_SHA256)
        case .sha384: return Int32(COPENSSL_HASH_SHA384)
        case .sha512: return Int32(COPENSSL_HASH_SHA512)
        }
    }
}
