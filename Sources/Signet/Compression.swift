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
            let status = inflating ? signet_inflate_init(pointer) : signet_deflate_init(pointer, 6)
            precondition(status == Z_OK, "zlib could not allocate its stream state")
        }

        deinit {
            if inflating { inflateEnd(pointer) } else { deflateEnd(pointer) }
            pointer.deallocate()
        }
    }

    /// `zlib.compress(data)`: level 6, default window and memory level, zlib header.
    public static func compress(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        let stream = PerThread.object(.deflater) { Stream(inflating: false) }.pointer
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
        let stream = PerThread.object(.inflater) { Stream(inflating: true) }.pointer
        guard inflateReset(stream) == Z_OK else {
            throw SignetError(.badPayload, "Could not zlib decompress the payload: zlib stream unusable")
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: data.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(data.count)
        // Session JSON compresses about 3:1; start there and grow geometrically. One byte past
        // the cap tells "exactly maxSize" from "more than maxSize".
        let hardLimit = maxSize + 1
        var capacity = min(hardLimit, max(256, data.count * 4))
        var out = [UInt8]()
        while true {
            let previous = out.count
            let room = capacity - previous
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
                capacity = min(hardLimit, capacity * 2)
            default:
                throw SignetError(.badPayload, "Could not zlib decompress the payload: invalid zlib data")
            }
        }
    }
}
