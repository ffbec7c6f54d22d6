import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What each thread keeps for itself (zlib streams, the fast path's scratch memory, a spare
/// session slab), so hot
/// paths neither share mutable state between threads nor set it up again per call. Released
/// when the thread exits.
enum PerThread {
    final class Storage {
        private var inflaterStream: Compression.Stream?
        private var deflaterStream: Compression.Stream?
        private var scratchMemory: UnsafeMutableRawPointer?
        /// A small ``SessionSlab`` kept for the next session this thread reads (see
        /// ``SessionSlab/spare(capacity:)``). Behind a pointer: a class's stored property would
        /// be checked for exclusive access at run time on every use.
        let spareSlab: UnsafeMutablePointer<SpareSlab> = {
            let slot = UnsafeMutablePointer<SpareSlab>.allocate(capacity: 1)
            slot.initialize(to: SpareSlab())
            return slot
        }()

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

        /// Region `index` of the scratch memory: `scratchRegions` regions of `scratchRegionSize`
        /// bytes each, allocated on first use. They hold decoded cookies (not key material)
        /// between the steps of one call.
        @inline(__always)
        func scratchRegion(_ index: Int) -> UnsafeMutableRawBufferPointer {
            let base = scratchMemory ?? allocateScratch()
            return UnsafeMutableRawBufferPointer(start: base + index * PerThread.scratchRegionSize, count: PerThread.scratchRegionSize)
        }

        @inline(never)
        private func allocateScratch() -> UnsafeMutableRawPointer {
            let memory = UnsafeMutableRawPointer.allocate(
                byteCount: PerThread.scratchRegionSize * PerThread.scratchRegions, alignment: 64)
            scratchMemory = memory
            return memory
        }

        deinit {
            scratchMemory?.deallocate()
            spareSlab.deinitialize(count: 1)
            spareSlab.deallocate()
        }
    }

    /// The fast path's per-thread scratch: two regions of 64 KiB, enough for any token up to
    /// the default 64 KiB limit (larger work takes the general path), and a third where the
    /// Swift API writes a session's JSON before signing it (``jsonOutputRegion``; a larger
    /// JSON moves on to the heap).
    static let scratchRegionSize = 65_536
    static let scratchRegions = 3
    /// The region ``PythonJSON/withTaggedJSON(_:options:limits:_:)`` writes into.
    static let jsonOutputRegion = 2

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
        Unmanaged<Storage>.fromOpaque(storagePointer()).takeUnretainedValue()
    }

    /// Calls `body` with this thread's storage, created on first use, without touching its
    /// reference count: the fast path's lookup is then a `pthread_getspecific` and nothing more.
    @inline(__always)
    static func withStorage<R>(_ body: (Storage) -> R) -> R {
        Unmanaged<Storage>.fromOpaque(storagePointer())._withUnsafeGuaranteedRef(body)
    }

    @inline(__always)
    private static func storagePointer() -> UnsafeMutableRawPointer {
        if let pointer = pthread_getspecific(key) { return pointer }
        return makeStorage()
    }

    @inline(never)
    private static func makeStorage() -> UnsafeMutableRawPointer {
        let pointer = Unmanaged.passRetained(Storage()).toOpaque()
        pthread_setspecific(key, pointer)
        return pointer
    }
}
