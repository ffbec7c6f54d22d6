import CZlib

/// zlib as Python's `zlib.compress` / `zlib.decompress` use it, with a cap on output.
///
/// Each thread keeps one deflate and one inflate stream and resets them per call: zlib's
/// 256 KiB of deflate state and 40 KiB of inflate state are set up once, not per cookie.
public enum Compression {
    final class Stream {
        let pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        let inflating: Bool

        init(inflating: Bool) {
            self.inflating = inflating
            pointer.initialize(to: z_stream())
            let status = inflating ? czlib_inflate_init(pointer) : czlib_deflate_init(pointer, 6)
            precondition(status == Z_OK, "zlib could not allocate its stream state")
        }

        deinit {
            if inflating { inflateEnd(pointer) } else { deflateEnd(pointer) }
            pointer.deallocate()
        }
    }

    /// `zlib.compress(data)`: level 6, default window and memory level, zlib header.
    public static func compress(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        let stream = PerThread.storage().deflater
        precondition(deflateReset(stream) == Z_OK, "deflateReset failed")
        let bound = Int(deflateBound(stream, uLong(data.count)))
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: data.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(data.count)
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(bound)
            let status = deflate(stream, Z_FINISH)
            precondition(status == Z_STREAM_END, "deflate did not finish within deflateBound")
            initialized = bound - Int(stream.pointee.avail_out)
        }
    }

    /// Inflates one complete zlib stream, refusing output past `maxSize` bytes.
    ///
    /// Stricter than `zlib.decompress`, which ignores bytes after the end of the stream:
    /// trailing bytes are an error here.
    public static func decompress(_ data: UnsafeRawBufferPointer, maxSize: Int) throws(SignetError) -> [UInt8] {
        let stream = PerThread.storage().inflater
        guard inflateReset(stream) == Z_OK else {
            throw SignetError(.badPayload, "Could not zlib decompress the payload: zlib stream unusable")
        }
        // zlib counts input and output in 32-bit units.
        guard data.count <= Int(UInt32.max) else {
            throw SignetError(.badPayload, "Could not zlib decompress the payload: over 4 GiB of compressed data")
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: data.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(data.count)
        // Session JSON compresses about 3:1; start there and grow geometrically. One byte past
        // the cap tells "exactly maxSize" from "more than maxSize"; Int.max (C's SIZE_MAX)
        // means no cap, and must not overflow.
        let hardLimit = maxSize < Int.max ? max(0, maxSize) + 1 : Int.max
        var capacity = min(hardLimit, max(256, data.count.multipliedReportingOverflow(by: 4).overflow ? Int.max : data.count * 4))
        var out = [UInt8]()
        while true {
            let previous = out.count
            let room = min(capacity - previous, Int(UInt32.max))
            out.append(contentsOf: repeatElement(0, count: room))
            var produced = 0
            let status = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.pointee.next_out = buffer.baseAddress! + previous
                stream.pointee.avail_out = uInt(room)
                let status = inflate(stream, Z_NO_FLUSH)
                produced = room - Int(stream.pointee.avail_out)
                return status
            }
            out.removeLast(room - produced)
            if out.count > maxSize {
                throw SignetError(.decompressedTooLarge, "The payload inflates past the \(maxSize)-byte limit")
            }
            switch status {
            case Z_STREAM_END:
                guard stream.pointee.avail_in == 0 else {
                    throw SignetError(.badPayload, "Could not zlib decompress the payload: data after the end of the stream")
                }
                return out
            case Z_OK, Z_BUF_ERROR:
                guard stream.pointee.avail_out == 0 else {
                    throw SignetError(.badPayload, "Could not zlib decompress the payload: incomplete or truncated stream")
                }
                capacity = capacity > hardLimit / 2 ? hardLimit : capacity * 2
            default:
                throw SignetError(.badPayload, "Could not zlib decompress the payload: invalid zlib data")
            }
        }
    }

    /// Inflates one complete zlib stream into `out` with this thread's stream, for the fast
    /// path: nil unless the stream ends exactly at the end of `data` with at most
    /// `min(maxSize, out.count)` bytes of output. Allocates nothing.
    static func decompress(_ data: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, maxSize: Int) -> Int? {
        guard let outBase = out.baseAddress, data.count <= Int(UInt32.max) else { return nil }
        let stream = PerThread.withStorage { $0.inflater }
        guard inflateReset(stream) == Z_OK else { return nil }
        let room = min(out.count, maxSize)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: data.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(data.count)
        stream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(room)
        let status = inflate(stream, Z_FINISH)
        guard status == Z_STREAM_END, stream.pointee.avail_in == 0 else { return nil }
        return room - Int(stream.pointee.avail_out)
    }

    /// `zlib.compress(data)` into `out` with this thread's stream, for the fast path: nil when
    /// `out` is smaller than zlib's bound for `data`. Allocates nothing.
    static func compress(_ data: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int? {
        guard let outBase = out.baseAddress else { return nil }
        let stream = PerThread.withStorage { $0.deflater }
        guard deflateReset(stream) == Z_OK else { return nil }
        let bound = Int(deflateBound(stream, uLong(data.count)))
        guard bound <= out.count else { return nil }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: data.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(data.count)
        stream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(bound)
        guard deflate(stream, Z_FINISH) == Z_STREAM_END else { return nil }
        return bound - Int(stream.pointee.avail_out)
    }
}
