/// A base64 alphabet, as the coders read it: ``Base64URL`` (`-_`, the cookie's) and
/// ``StandardBase64`` (`+/`, Flask's `" b"` tag and Starlette's payload) differ only in the two
/// characters after `0-9`. One encoder, `encode(_:into:)`, and one decoder, `decode(_:into:)`,
/// are written once here and specialised for each alphabet at compile time: their block steps
/// and table loops take the alphabet's characters and tables as constants, with no alphabet
/// chosen, and no text translated, at run time.
protocol Base64Alphabet {
    /// The characters of the values 62 and 63.
    static var character62: UInt8 { get }
    static var character63: UInt8 { get }
    /// Each byte's 6-bit value, 0xFF outside the alphabet: an array literal, which the compiler
    /// lays out as constant data, so reading it costs no one-time-initialisation call (a computed
    /// global costs a `swift_once` per decode) and no reference count. Base64URLTests checks
    /// each table against its alphabet.
    static var decodeTable: [UInt8] { get }
    /// The 64 characters in one allocation made once and never freed (``table(_:)``): the
    /// encoding loop reads it without touching an array's reference count, which threads would
    /// otherwise share.
    static var encodeTable: UnsafePointer<UInt8> { get }
}

extension Base64Alphabet {
    /// `alphabet`'s 64 characters as an ``encodeTable``.
    static func table(_ alphabet: [UInt8]) -> UnsafePointer<UInt8> {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        table.initialize(from: alphabet, count: 64)
        return UnsafePointer(table)
    }

    /// Encodes `input` in this alphabet without padding into `out` (at least
    /// `Base64URL.encodedLength(input.count)` bytes) and returns the number of bytes written.
    /// Allocates nothing.
    static func encode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        let table = encodeTable
        let count = input.count
        var index = 0
        var written = 0
        if Base64Blocks.isAvailable {
            while index + Base64Blocks.encodeReadCount <= count {
                Base64Blocks.encode(source + index, into: out + written, Self.self)
                index += Base64Blocks.byteCount
                written += Base64Blocks.characterCount
            }
        }
        while index + 3 <= count {
            let chunk = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8 | UInt32(source[index + 2])
            out[written] = table[Int(chunk >> 18)]
            out[written + 1] = table[Int((chunk >> 12) & 63)]
            out[written + 2] = table[Int((chunk >> 6) & 63)]
            out[written + 3] = table[Int(chunk & 63)]
            index += 3
            written += 4
        }
        switch count - index {
        case 1:
            let chunk = UInt32(source[index]) << 16
            out[written] = table[Int(chunk >> 18)]
            out[written + 1] = table[Int((chunk >> 12) & 63)]
            written += 2
        case 2:
            let chunk = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8
            out[written] = table[Int(chunk >> 18)]
            out[written + 1] = table[Int((chunk >> 12) & 63)]
            out[written + 2] = table[Int((chunk >> 6) & 63)]
            written += 3
        default:
            break
        }
        return written
    }

    /// Decodes unpadded base64 of this alphabet, `input`, into `out` (at least
    /// `Base64URL.decodedLength(input.count)` bytes) and returns the number of bytes written, or
    /// nil when `input` is not canonical (a byte outside the alphabet, a length of 1 mod 4, or
    /// non-zero unused bits in the last character) or `out` is too small. Allocates nothing.
    static func decode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int? {
        let count = input.count
        // A buffer's count is far below Int.max / 3: the shift is `decodedLength`'s division.
        if count & 3 == 1 || out.count < (count &* 3) &>> 2 { return nil }
        guard count > 0 else { return 0 }
        // Both buffers hold bytes: the input is not empty, and the output holds at least one.
        var source = input.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
        let target = out.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
        var cursor = target
        let end = source + count
        if Base64Blocks.isAvailable {
            let roomEnd = target + out.count
            while end - source >= Base64Blocks.characterCount && roomEnd - cursor >= Base64Blocks.decodeStoreCount {
                if !Base64Blocks.decode(source, into: cursor, Self.self) { return nil }
                source += Base64Blocks.characterCount
                cursor += Base64Blocks.byteCount
            }
        }
        // The rest (a token's signature tail, timestamp and small payload) four characters per
        // step through the table, with pointer steps and no overflow checks: the lengths were
        // checked above.
        let ok = decodeTable.withUnsafeBufferPointer { (table) -> Bool in
            let quadsEnd = end - (count & 3)
            while source < quadsEnd {
                let a = table[Int(source[0])], b = table[Int(source[1])]
                let c = table[Int(source[2])], d = table[Int(source[3])]
                if (a | b | c | d) & 0xC0 != 0 { return false }
                let chunk = UInt32(a) &<< 18 | UInt32(b) &<< 12 | UInt32(c) &<< 6 | UInt32(d)
                cursor[0] = UInt8(truncatingIfNeeded: chunk &>> 16)
                cursor[1] = UInt8(truncatingIfNeeded: chunk &>> 8)
                cursor[2] = UInt8(truncatingIfNeeded: chunk)
                source += 4
                cursor += 3
            }
            switch count & 3 {
            case 2:
                let a = table[Int(source[0])], b = table[Int(source[1])]
                if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { return false }
                cursor[0] = a &<< 2 | b &>> 4
                cursor += 1
            case 3:
                let a = table[Int(source[0])], b = table[Int(source[1])]
                let c = table[Int(source[2])]
                if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { return false }
                cursor[0] = a &<< 2 | b &>> 4
                cursor[1] = (b & 0x0F) &<< 4 | c &>> 2
                cursor += 2
            default:
                break
            }
            return true
        }
        guard ok else { return nil }
        return cursor - target
    }
}
