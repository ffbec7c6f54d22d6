/// Standard base64 with `=` padding, as `base64.b64encode` writes it for Flask's `" b"` tag.
enum StandardBase64: Base64Alphabet {
    static var character62: UInt8 { UInt8(ascii: "+") }
    static var character63: UInt8 { UInt8(ascii: "/") }

    /// Each byte's 6-bit value, 0xFF outside the alphabet (see ``Base64Alphabet/decodeTable``).
    static let decodeTable: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3E, 0xFF, 0xFF, 0xFF, 0x3F,
        0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
        0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ]

    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: encodedLength(bytes.count)) { buffer in
            bytes.withUnsafeBytes { encodePadded($0, into: buffer.baseAddress!) }
        }
    }

    /// The length of the padded base64 of `count` bytes.
    static func encodedLength(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// The alphabet for the encoder (see ``Base64Alphabet/encodeTable``).
    nonisolated(unsafe) static let encodeTable = table(alphabet)

    /// Writes the padded base64 of `bytes`, ``encodedLength(_:)`` bytes, into `out` and
    /// returns that length: ``Base64Alphabet``'s encoder specialised for this alphabet, then
    /// the padding.
    static func encodePadded(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let unpadded = encode(bytes, into: out)
        let length = encodedLength(bytes.count)
        (out + unpadded).initialize(repeating: UInt8(ascii: "="), count: length - unpadded)
        return length
    }

    /// Strict: canonical padded base64 only (Python's `b64decode` skips stray characters).
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBufferPointer { decode($0) }
    }

    /// The most bytes decoded on the stack and then copied into the result; a longer text is
    /// decoded straight into the result's storage.
    static var stackDecodedLimit: Int { 1024 }

    /// ``decode(_:)-([UInt8])`` read in place: the characters, padding dropped, go through
    /// ``Base64Alphabet``'s decoder specialised for this alphabet. Up to ``stackDecodedLimit``
    /// bytes are decoded on the stack and copied into an array made by `Array`'s copying
    /// initializer, whose allocation is specialized here (where `Array`'s initializer for
    /// uninitialized storage looks up its storage's type metadata at every call, about 300
    /// instructions).
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var body = text.count
        while body > 0, text.count &- body < 2, text[body &- 1] == UInt8(ascii: "=") { body &-= 1 }
        let input = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[..<body])
        let length = Base64URL.decodedLength(body)
        guard length <= stackDecodedLimit else { return decodeLong(input, length: length) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { (out) -> [UInt8]? in
            guard let written = decode(input, into: UnsafeMutableRawBufferPointer(out)) else { return nil }
            return Array(UnsafeBufferPointer(rebasing: out[..<written]))
        }
    }

    /// A text of more than ``stackDecodedLimit`` bytes decoded straight into the result.
    @inline(never)
    private static func decodeLong(_ input: UnsafeRawBufferPointer, length: Int) -> [UInt8]? {
        var isCanonical = true
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { (out, count) in
            if let written = decode(input, into: UnsafeMutableRawBufferPointer(out)) {
                count = written
            } else {
                isCanonical = false
                count = 0
            }
        }
        return isCanonical ? bytes : nil
    }

    /// Whether `text` is what `base64.b64encode` writes: padded, standard alphabet, unused bits
    /// zero (so decoding and encoding again gives the same text).
    static func isCanonical(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count % 4 == 0 else { return false }
        var body = text.count
        while body > 0, text.count - body < 2, text[body - 1] == UInt8(ascii: "=") { body -= 1 }
        var last: UInt8 = 0
        for k in 0..<body {
            let c = text[k]
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): last = c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): last = c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): last = c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): last = 62
            case UInt8(ascii: "/"): last = 63
            default: return false
            }
        }
        switch text.count - body {
        case 1: return last & 0x03 == 0
        case 2: return last & 0x0F == 0
        default: return true
        }
    }
}
