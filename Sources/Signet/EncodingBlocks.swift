#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Base64URL's block decoder: 16 characters to 12 bytes per step with SSE2 (part of the
/// x86-64 baseline, so no CPU check is needed), used by `Base64URL.decode(_:into:)` before its
/// table loop takes the remainder. On other architectures `isAvailable` is false and the table
/// loop does all the work.
///
/// A block is decoded by arithmetic instead of a table: each character is classified into one
/// of the alphabet's five ranges (`A-Z`, `a-z`, `0-9`, `-`, `_`) and shifted by that range's
/// offset to its 6-bit value; a character in no range rejects the whole block. The accepted set
/// is exactly the decoding table's (EncodingBlocksTests checks every byte in every position).
enum Base64Blocks {
    /// Characters consumed per block.
    static let inputCount = 16
    /// Bytes produced per block.
    static let outputCount = 12
    /// Bytes a block writes: two 8-byte stores, the last two bytes of which the next block or
    /// the table loop overwrites. The caller leaves this much room.
    static let storeCount = 14

    #if arch(x86_64)
    static let isAvailable = true

    /// Decodes the 16 characters at `source` into the 12 bytes at `target`, writing up to
    /// `storeCount` bytes; returns false (with `target` partly written) if any character is
    /// outside the URL-safe alphabet.
    @inline(__always)
    static func decode(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>) -> Bool {
        let text = _mm_loadu_si128(UnsafeRawPointer(source).assumingMemoryBound(to: __m128i.self))
        // Signed byte comparisons: a byte of 0x80 or more is negative and falls in no range.
        let upper = inRange(text, above: 64, below: 91)
        let lower = inRange(text, above: 96, below: 123)
        let digit = inRange(text, above: 47, below: 58)
        let dash = _mm_cmpeq_epi8(text, splat(45))
        let underscore = _mm_cmpeq_epi8(text, splat(95))
        let accepted = _mm_or_si128(_mm_or_si128(_mm_or_si128(upper, lower), _mm_or_si128(digit, dash)), underscore)
        if _mm_movemask_epi8(accepted) != 0xFFFF { return false }
        // 'A' -> 0, 'a' -> 26, '0' -> 52, '-' -> 62, '_' -> 63 (wrapping byte additions).
        var offset = _mm_and_si128(upper, splat(-65))
        offset = _mm_or_si128(offset, _mm_and_si128(lower, splat(-71)))
        offset = _mm_or_si128(offset, _mm_and_si128(digit, splat(4)))
        offset = _mm_or_si128(offset, _mm_and_si128(dash, splat(17)))
        offset = _mm_or_si128(offset, _mm_and_si128(underscore, splat(-32)))
        let sextets = _mm_add_epi8(text, offset)
        // Little-endian lanes: each 16-bit lane becomes a << 6 | b, each 32-bit lane the 24 bits
        // of four characters, a << 18 | b << 12 | c << 6 | d.
        let pairs = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(sextets, _mm_set1_epi16(0x3F)), 6), _mm_srli_epi16(sextets, 8))
        let quads = _mm_or_si128(_mm_slli_epi32(_mm_and_si128(pairs, _mm_set1_epi32(0xFFF)), 12), _mm_srli_epi32(pairs, 16))
        let low = UInt64(bitPattern: _mm_cvtsi128_si64(quads))
        let high = UInt64(bitPattern: _mm_cvtsi128_si64(_mm_unpackhi_epi64(quads, quads)))
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: bigEndianSixBytes(low), as: UInt64.self)
        raw.storeBytes(of: bigEndianSixBytes(high), toByteOffset: 6, as: UInt64.self)
        return true
    }

    /// Two 24-bit lanes (`first | second << 32`) as their six big-endian bytes, then two zeros.
    @inline(__always)
    private static func bigEndianSixBytes(_ lanes: UInt64) -> UInt64 {
        ((lanes & 0xFF_FFFF) << 40 | (lanes >> 32) << 16).bigEndian
    }

    @inline(__always)
    private static func splat(_ byte: Int8) -> __m128i { _mm_set1_epi8(CChar(byte)) }

    /// All-ones in each byte lane strictly between `above` and `below`, zero elsewhere.
    @inline(__always)
    private static func inRange(_ text: __m128i, above: Int8, below: Int8) -> __m128i {
        _mm_and_si128(_mm_cmpgt_epi8(text, splat(above)), _mm_cmpgt_epi8(splat(below), text))
    }
    #else
    static let isAvailable = false

    @inline(__always)
    static func decode(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>) -> Bool { false }
    #endif
}
