import COpenSSL

/// Key material in memory that Signet owns and wipes (`wipe(_:)`) when released.
///
/// Swift arrays may be copied or moved by the runtime without a chance to clear the old storage,
/// so secrets live in one manually managed allocation that nothing else references.
public final class SecretBytes: @unchecked Sendable {
    // Immutable after init; the pointer is never handed out mutably, so sharing is safe.
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into wiped-on-release storage.
    public init<C: Collection<UInt8>>(_ bytes: C) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        var index = 0
        for byte in bytes {
            storage[index] = byte
            index += 1
        }
        count = bytes.count
    }

    /// Copies `count` bytes from `pointer`.
    public init(copying pointer: UnsafeRawPointer?, count: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        if let pointer, count > 0 { storage.baseAddress!.copyMemory(from: pointer, byteCount: count) }
        self.count = count
    }

    /// The number of bytes.
    public let count: Int

    /// Calls `body` with the bytes; the pointer must not escape.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(bytes)
    }

    @usableFromInline
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }

    deinit {
        wipe(storage)
        storage.deallocate()
    }
}

/// Overwrites `bytes` with zeros in a way the optimiser cannot remove: `copenssl_wipe`, a
/// `memset` behind a compiler barrier (explicit_bzero's own technique), several times faster than
/// `OPENSSL_cleanse` on the few hundred bytes of HMAC state every verify wipes, and inlined
/// where the size is known.
@inline(__always)
package func wipe(_ bytes: UnsafeMutableRawBufferPointer) {
    wipe(bytes.baseAddress, count: bytes.count)
}

/// Overwrites `count` bytes at `start` with zeros (see ``wipe(_:)``).
@inline(__always)
package func wipe(_ start: UnsafeMutableRawPointer?, count: Int) {
    guard let start, count > 0 else { return }
    copenssl_wipe(start, count)
}
