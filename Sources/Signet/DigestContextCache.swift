#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One `DigestContext` per thread and digest, so that signing and verifying never share an
/// `EVP_MD_CTX` between threads and do not create one per call.
///
/// The contexts hold no key material: keys live in `HMACKey`, and each computation
/// re-initialises the context.
enum DigestContextCache {
    private final class PerThread {
        var contexts: [DigestContext?] = Array(repeating: nil, count: DigestAlgorithm.allCases.count)
    }

    // Created once, never changed: the key only names each thread's own slot.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()

    static func context(for algorithm: DigestAlgorithm) -> DigestContext {
        let perThread: PerThread
        if let pointer = pthread_getspecific(key) {
            perThread = Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as! PerThread
        } else {
            perThread = PerThread()
            pthread_setspecific(key, Unmanaged<AnyObject>.passRetained(perThread).toOpaque())
        }
        let index = DigestAlgorithm.allCases.firstIndex(of: algorithm)!
        if let context = perThread.contexts[index] { return context }
        let context = DigestContext(algorithm)
        perThread.contexts[index] = context
        return context
    }
}
