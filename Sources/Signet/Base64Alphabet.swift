/// A base64 alphabet, as the decoder reads it: ``Base64URL`` (`-_`, the cookie's) and
/// ``StandardBase64`` (`+/`, Flask's `" b"` tag and Starlette's payload) differ only in the two
/// characters after `0-9`. One decoder, `decode(_:into:)`, is written once here and specialised
/// for each alphabet at compile time: its block step and table loop take the alphabet's
/// characters and table as constants, with no alphabet chosen, and no text translated, at run
/// time.
protocol Base64Alphabet {
    /// The characters of the values 62 and 63.
    static var character62: UInt8 { get }
    static var character63: UInt8 { get }
    /// Each byte's 6-bit value, 0xFF outside the alphabet: an array literal, which the compiler
    /// lays out as constant data, so reading it costs no one-time-initialisation call (a computed
    /// global costs a `swift_once` per decode) and no reference count. Base64URLTests checks
    /// each table against its alphabet.
    static var decodeTable: [UInt8] { get }
}

extension Base64Alphabet {
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
