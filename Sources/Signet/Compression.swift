import CZlib

/// zlib as Python's `zlib.compress` / `zlib.decompress` use it, with a cap on output.
public enum Compression {
    /// `zlib.compress(data)`: level 6, default window and memory level, zlib header.
    public static func compress(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var stream = z_stream()
        precondition(signet_deflate_init(&stream, 6) == Z_OK, "deflateInit failed")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count)))
        var out = [UInt8](repeating: 0, count: bound)
        let written = out.withUnsafeMutableBytes { outBytes -> Int in
            stream.next_in = UnsafeMutablePointer(mutating: data.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(data.count)
            stream.next_out = outBytes.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(outBytes.count)
            let status = deflate(&stream, Z_FINISH)
            precondition(status == Z_STREAM_END, "deflate did not finish within deflateBound")
            return Int(stream.total_out)
        }
        out.removeLast(out.count - written)
        return out
    }

    /// Inflates one complete zlib stream, refusing output past `maxSize` bytes.
    ///
    /// Stricter than `zlib.decompress`, which ignores bytes after the end of the stream:
    /// trailing bytes are an error here.
    public static func decompress(_ data: UnsafeRawBufferPointer, maxSize: Int) throws(SignetError) -> [UInt8] {
        var stream = z_stream()
        guard signet_inflate_init(&stream) == Z_OK else {
            throw SignetError(.badPayload, "Could not zlib decompress the payload: out of memory")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: data.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(data.count)
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBytes { chunkBytes -> (Int32, Int) in
                stream.next_out = chunkBytes.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(chunkBytes.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, chunkBytes.count - Int(stream.avail_out))
            }
            if out.count + produced > maxSize {
                throw SignetError(
                    .decompressedTooLarge,
                    "The payload inflates past the \(maxSize)-byte limit")
            }
            out += chunk[0..<produced]
            switch status {
            case Z_STREAM_END:
                guard stream.avail_in == 0 else {
                    throw SignetError(.badPayload, "Could not zlib decompress the payload: data after the end of the stream")
                }
                return out
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0:
                throw SignetError(.badPayload, "Could not zlib decompress the payload: incomplete or truncated stream")
            default:
                throw SignetError(.badPayload, "Could not zlib decompress the payload: invalid zlib data")
            }
        }
    }
}
