/// UTF-8 and WTF-8 helpers shared by the JSON encoder and decoder.
///
/// Python strings are sequences of code points that may include lone surrogates; WTF-8 is the
/// UTF-8 scheme extended to encode those surrogates as three bytes (`ED A0 80`...`ED BF BF`).
/// Untrusted input is held to strict UTF-8, as Python's `bytes.decode("utf-8")` does.
enum WTF8 {
    /// Length of the strict UTF-8 sequence (no surrogates, no overlongs, at most U+10FFFF)
    /// starting at `p[i]`, or 0 if the bytes there are not one.
    @inline(__always)
    static func validSequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        if b0 < 0xC2 { return 0 }
        if b0 < 0xE0 {
            return i + 1 < end && p[i + 1] & 0xC0 == 0x80 ? 2 : 0
        }
        if b0 < 0xF0 {
            guard i + 2 < end else { return 0 }
            let b1 = p[i + 1]
            // Second-byte ranges exclude overlongs (E0) and surrogates (ED).
            let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            return b1 >= low && b1 <= high && p[i + 2] & 0xC0 == 0x80 ? 3 : 0
        }
        if b0 < 0xF5 {
            guard i + 3 < end else { return 0 }
            let b1 = p[i + 1]
            let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            return b1 >= low && b1 <= high && p[i + 2] & 0xC0 == 0x80 && p[i + 3] & 0xC0 == 0x80 ? 4 : 0
        }
        return 0
    }

    /// Offset of the first byte that breaks strict UTF-8, or nil when all of it is valid.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, count: Int) -> Int? {
        var i = 0
        while i < count {
            // Skip ASCII eight bytes at a time: payloads are mostly ASCII.
            while i + 8 <= count,
                UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                i += 8
            }
            guard i < count else { break }
            let length = validSequenceLength(p, i, count)
            if length == 0 { return i }
            i += length
        }
        return nil
    }

    /// Decodes the WTF-8 code point at `bytes[index]`: its value and length, or nil when the
    /// bytes there are malformed (only possible for strings built with `uncheckedWTF8`).
    static func decode(_ bytes: [UInt8], at index: Int) -> (UInt32, Int)? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, index < buffer.count else { return nil }
            return decode(base, index, buffer.count)
        }
    }

    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int)? {
        let b0 = p[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 < 0xC2 { return nil }
        if b0 < 0xE0 {
            guard i + 1 < end, p[i + 1] & 0xC0 == 0x80 else { return nil }
            return (UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
        }
        if b0 < 0xF0 {
            guard i + 2 < end, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80,
                b0 != 0xE0 || p[i + 1] >= 0xA0
            else { return nil }
            return (UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        if b0 < 0xF5 {
            guard i + 3 < end, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80,
                b0 != 0xF0 || p[i + 1] >= 0x90, b0 != 0xF4 || p[i + 1] <= 0x8F
            else { return nil }
            let value =
                UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                | UInt32(p[i + 3] & 0x3F)
            return (value, 4)
        }
        return nil
    }

    /// Appends `codePoint` (at most U+10FFFF; surrogates allowed) as WTF-8.
    @inline(__always)
    static func append(_ codePoint: UInt32, to bytes: inout [UInt8]) {
        switch codePoint {
        case 0..<0x80:
            bytes.append(UInt8(codePoint))
        case 0x80..<0x800:
            bytes.append(0xC0 | UInt8(codePoint >> 6))
            bytes.append(0x80 | UInt8(codePoint & 0x3F))
        case 0x800..<0x10000:
            bytes.append(0xE0 | UInt8(codePoint >> 12))
            bytes.append(0x80 | UInt8((codePoint >> 6) & 0x3F))
            bytes.append(0x80 | UInt8(codePoint & 0x3F))
        default:
            bytes.append(0xF0 | UInt8(codePoint >> 18))
            bytes.append(0x80 | UInt8((codePoint >> 12) & 0x3F))
            bytes.append(0x80 | UInt8((codePoint >> 6) & 0x3F))
            bytes.append(0x80 | UInt8(codePoint & 0x3F))
        }
    }
}
