import CSignet
import Signet

/// A caller's (pointer, length) input as a buffer, refusing the pairs that cannot be read: a
/// NULL pointer with a nonzero length, or a length past `Int.max` (a negative `size_t` cast).
func input(_ pointer: UnsafePointer<UInt8>?, _ length: Int) throws(CStatus) -> UnsafeRawBufferPointer {
    guard length >= 0 else { throw .invalidArgument }
    guard length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    guard let pointer else { throw .invalidArgument }
    return UnsafeRawBufferPointer(start: pointer, count: length)
}

/// A required out-parameter.
func required<T>(_ pointer: UnsafeMutablePointer<T>?) throws(CStatus) -> UnsafeMutablePointer<T> {
    guard let pointer else { throw .invalidArgument }
    return pointer
}

/// The caller-owned output triple `(out, out_cap, out_len)`.
struct OutputBuffer {
    let start: UnsafeMutablePointer<UInt8>?
    let capacity: Int
    let length: UnsafeMutablePointer<Int>

    /// Checks the triple before any work, and zeroes `*out_len` so that every error but
    /// "buffer too small" leaves it at 0 as the header promises.
    init(_ start: UnsafeMutablePointer<UInt8>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>?) throws(CStatus) {
        guard let length else { throw .invalidArgument }
        length.pointee = 0
        // A negative capacity is a size_t above Int.max: no buffer is that large.
        guard capacity >= 0 else { throw .invalidArgument }
        self.start = start
        self.capacity = capacity
        self.length = length
    }

    /// The caller's buffer (empty when NULL).
    var buffer: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: start, count: start == nil ? 0 : capacity)
    }

    /// Reports what the fast path wrote into `buffer`: true when it is done (the length is set,
    /// or "buffer too small" thrown with the size needed); false when the general path must run.
    func deliverFast(_ outcome: FastOutcome) throws(CStatus) -> Bool {
        switch outcome {
        case .done(let written, _):
            length.pointee = written
            return true
        case .tooSmall(let needed):
            length.pointee = needed
            throw .bufferTooSmall
        case .general, .verifiedJSON:
            return false
        }
    }

    /// Copies `bytes` out, or reports the size needed without writing to the buffer.
    func deliver(_ bytes: [UInt8]) throws(CStatus) {
        let fits = bytes.withUnsafeBufferPointer { fitsAfterCopying($0) }
        guard fits else { throw .bufferTooSmall }
    }

    func deliver(_ bytes: UnsafeBufferPointer<UInt8>) throws(CStatus) {
        guard fitsAfterCopying(bytes) else { throw .bufferTooSmall }
    }

    /// Sets `*out_len` to the size of `bytes` and copies them when they fit.
    private func fitsAfterCopying(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        length.pointee = bytes.count
        guard bytes.isEmpty || (start != nil && bytes.count <= capacity) else { return false }
        if let start, let base = bytes.baseAddress, !bytes.isEmpty {
            start.update(from: base, count: bytes.count)
        }
        return true
    }
}

/// `now` as the core takes it: nil reads the clock.
func time(_ now: Int64) -> Int64? {
    now == Int64.min ? nil : now
}
