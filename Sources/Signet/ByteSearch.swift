#if canImport(Glibc)
import Glibc
#endif

/// Searches for one byte in a range of a buffer, with libc's vectorised `memchr` where there
/// is one: the cookie header scan and the token split run on every request of a
/// server, and a byte-per-step loop costs them several times more.
enum ByteSearch {
    /// The first index of `byte` in `range` of `buffer`.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = buffer.baseAddress else { return nil }
        #if canImport(Glibc)
        guard let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafeRawPointer(found) - base
        #else
        return range.first { buffer[$0] == byte }
        #endif
    }

    /// The last index of `byte` in `range` of `buffer`: forward searches from each match (glibc
    /// keeps `memrchr` behind `_GNU_SOURCE`), so linear in the range whatever it holds.
    @inline(__always)
    static func lastIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, range: Range<Int>) -> Int? {
        var last: Int?
        var from = range.lowerBound
        while let found = firstIndex(of: byte, in: buffer, range: from..<range.upperBound) {
            last = found
            from = found + 1
        }
        return last
    }
}
