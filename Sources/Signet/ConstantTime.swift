import COpenSSL

/// Compares two byte strings in time that depends only on their lengths (`hmac.compare_digest`).
public func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    if a.count == 0 { return true }
    return copenssl_equal(a.baseAddress, b.baseAddress, a.count) != 0
}

/// Compares two byte strings in time that depends only on their lengths.
public func constantTimeEquals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
    Array(a).withUnsafeBytes { pa in Array(b).withUnsafeBytes { pb in constantTimeEquals(pa, pb) } }
}
