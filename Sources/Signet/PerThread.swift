import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What each thread keeps for itself (zlib streams, the fast path's scratch memory), so hot
/// paths neither share mutable state between threads nor set it up again per call. Released
/// when the thread exits.
enum PerThread {
    final class Storage {
        private var inflaterStream: Compression.Stream?
        private var deflaterStream: Compression.Stream?
        private var scratchMemory: UnsafeMutableRawBufferPointer?

        /// This thread's inflate stream, created on first use.
        var inflater: UnsafeMutablePointer<z_stream> {
            if let stream = inflaterStream { return stream.pointer }
            let stream = Compression.Stream(inflating: true)
            inflaterStream = stream
            return stream.pointer
        }

        /// This thread's deflate stream, created on first use.
        var deflater: UnsafeMutablePointer<z_stream> {
            if let stream = deflaterStream { return stream.pointer }
            let stream = Compression.Stream(inflating: false)
            deflaterStream = stream
            return stream.pointer
        }

        /// `scratchRegions` regions of `scratchRegionSize` bytes each, allocated on first use.
        /// They hold decoded cookies (not key material) between the steps of one call.
        var scratch: UnsafeMutableRawBufferPointer {
            if let memory = scratchMemory { return memory }
            let memory = UnsafeMutableRawBufferPointer.allocate(
                byteCount: PerThread.scratchRegionSize * PerThread.scratchRegions, alignment: 64)
            scratchMemory = memory
            return memory
        }

        /// Region `index` of the scratch memory.
        func scratchRegion(_ index: Int) -> UnsafeMutableRawBufferPointer {
            UnsafeMutableRawBufferPointer(rebasing: scratch[(index * PerThread.scratchRegionSize)..<((index + 1) * PerThread.scratchRegionSize)])
        }

        deinit { scratchMemory?.deallocate() }
    }

    /// The fast path's per-thread scratch: two regions of 64 KiB, enough for any token up to
    /// the default 64 KiB limit; larger work takes the general path.
    static let scratchRegionSize = 65_536
    static let scratchRegions = 2

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Storage>.fromOpaque(pointer).release() }
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()

    /// This thread's storage, created on first use.
    @inline(__always)
    static func storage() -> Storage {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<Storage>.fromOpaque(pointer).takeUnretainedValue()
        }
        let storage = Storage()
        pthread_setspecific(key, Unmanaged.passRetained(storage).toOpaque())
        return storage
    }
}
