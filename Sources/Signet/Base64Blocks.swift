#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The block coders: 12 bytes to 16 characters and back per step with SSE2 (part of the x86-64
/// baseline, so no CPU check is needed), used by ``Base64Alphabet``'s `encode(_:into:)` and
/// `decode(_:into:)` (either alphabet) before their table loops take the remainder. On other
/// architectures `isAvailable` is false and the table loops do all the work.
///
/// Blocks map between characters and 6-bit values by arithmetic instead of tables: a value is
/// shifted by the offset of its range in the alphabet (`A-Z`, `a-z`, `0-9`, then `-`, `_` or,
/// in the standard alphabet, `+`, `/`), and a character in no range rejects the whole block.
/// Base64BlocksTests checks every value and every byte in every position against the tables.
enum Base64Blocks {
    /// Bytes per block.
    static let byteCount = 12
    /// Characters per block.
    static let characterCount = 16
    /// Bytes a block encoder reads: four 4-byte loads at offsets 0, 3, 6 and 9, the last byte
    /// unused. The caller has this many readable.
    static let encodeReadCount = 13
    /// Bytes a block decoder writes: two 8-byte stores, the last two bytes of which the next
    /// block or the table loop overwrites. The caller leaves this much room.
    static let decodeStoreCount = 14

    #if arch(x86_64)
    static let isAvailable = true

    /// Encodes the 12 bytes at `source` (reading `encodeReadCount`) as the 16 characters of
    /// `alphabet` at `target`.
    @inline(__always)
    static func encode<Alphabet: Base64Alphabet>(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>, _: Alphabet.Type) {
        let raw = UnsafeRawPointer(source)
        @inline(__always) func group(_ offset: Int) -> Int32 {
            Int32(bitPattern: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) >> 8)
        }
        // Each 32-bit lane holds three bytes; spread them into four bytes of 6 bits, first
        // character in the lowest byte.
        let groups = _mm_set_epi32(group(9), group(6), group(3), group(0))
        let sixBits = _mm_set1_epi32(63)
        var sextets = _mm_srli_epi32(groups, 18)
        sextets = _mm_or_si128(sextets, _mm_slli_epi32(_mm_and_si128(_mm_srli_epi32(groups, 12), sixBits), 8))
        sextets = _mm_or_si128(sextets, _mm_slli_epi32(_mm_and_si128(_mm_srli_epi32(groups, 6), sixBits), 16))
        sextets = _mm_or_si128(sextets, _mm_slli_epi32(_mm_and_si128(groups, sixBits), 24))
        // 0 -> 'A' (+65), 26 -> 'a' (+71), 52 -> '0' (-4), then 62 and 63 (for '-' and '_' -17
        // and +32, for '+' and '/' -19 and -16), each offset the step from the one before.
        var offset = splat(65)
        offset = _mm_add_epi8(offset, _mm_and_si128(_mm_cmpgt_epi8(sextets, splat(25)), splat(6)))
        offset = _mm_add_epi8(offset, _mm_and_si128(_mm_cmpgt_epi8(sextets, splat(51)), splat(-75)))
        let step62 = Int8(bitPattern: Alphabet.character62 &- 62 &+ 4)
        let step63 = Int8(bitPattern: Alphabet.character63 &- Alphabet.character62 &- 1)
        offset = _mm_add_epi8(offset, _mm_and_si128(_mm_cmpgt_epi8(sextets, splat(61)), splat(step62)))
        offset = _mm_add_epi8(offset, _mm_and_si128(_mm_cmpgt_epi8(sextets, splat(62)), splat(step63)))
        _mm_storeu_si128(UnsafeMutableRawPointer(target).assumingMemoryBound(to: __m128i.self), _mm_add_epi8(sextets, offset))
    }

    /// Decodes the 16 characters at `source` into the 12 bytes at `target`, writing
    /// `decodeStoreCount` bytes; returns false (with `target` partly written) if any character is
    /// outside `alphabet`, whose two characters after `0-9` are constants once specialised.
    @inline(__always)
    static func decode<Alphabet: Base64Alphabet>(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>, _: Alphabet.Type) -> Bool {
        let text = _mm_loadu_si128(UnsafeRawPointer(source).assumingMemoryBound(to: __m128i.self))
        // Signed byte comparisons: a byte of 0x80 or more is negative and falls in no range.
        let upper = inRange(text, above: 64, below: 91)
        let lower = inRange(text, above: 96, below: 123)
        let digit = inRange(text, above: 47, below: 58)
        let is62 = _mm_cmpeq_epi8(text, splat(Int8(bitPattern: Alphabet.character62)))
        let is63 = _mm_cmpeq_epi8(text, splat(Int8(bitPattern: Alphabet.character63)))
        let accepted = _mm_or_si128(_mm_or_si128(_mm_or_si128(upper, lower), _mm_or_si128(digit, is62)), is63)
        if _mm_movemask_epi8(accepted) != 0xFFFF { return false }
        // 'A' -> 0, 'a' -> 26, '0' -> 52, then 62 and 63 (wrapping byte additions: for '-' and
        // '_' +17 and -32, for '+' and '/' +19 and +16).
        var offset = _mm_and_si128(upper, splat(-65))
        offset = _mm_or_si128(offset, _mm_and_si128(lower, splat(-71)))
        offset = _mm_or_si128(offset, _mm_and_si128(digit, splat(4)))
        offset = _mm_or_si128(offset, _mm_and_si128(is62, splat(Int8(bitPattern: 62 &- Alphabet.character62))))
        offset = _mm_or_si128(offset, _mm_and_si128(is63, splat(Int8(bitPattern: 63 &- Alphabet.character63))))
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
    static func encode<Alphabet: Base64Alphabet>(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>, _: Alphabet.Type) {}

    @inline(__always)
    static func decode<Alphabet: Base64Alphabet>(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>, _: Alphabet.Type) -> Bool { false }
    #endif
}
