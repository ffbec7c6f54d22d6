/// Standard base64 with `=` padding, as `base64.b64encode` writes it for Flask's `" b"` tag.
enum StandardBase64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: encodedLength(bytes.count)) { buffer in
            bytes.withUnsafeBytes { encode($0, into: buffer.baseAddress!) }
        }
    }

    /// The length of the padded base64 of `count` bytes.
    static func encodedLength(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the padded base64 of `bytes`, ``encodedLength(_:)`` bytes, into `out` and
    /// returns that length: the URL-safe alphabet's encoder, its two letters swapped back.
    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let unpadded = Base64URL.encode(bytes, into: out)
        for index in 0..<unpadded {
            if out[index] == UInt8(ascii: "-") { out[index] = UInt8(ascii: "+") }
            if out[index] == UInt8(ascii: "_") { out[index] = UInt8(ascii: "/") }
        }
        let length = encodedLength(bytes.count)
        (out + unpadded).initialize(repeating: UInt8(ascii: "="), count: length - unpadded)
        return length
    }

    /// Strict: canonical padded base64 only (Python's `b64decode` skips stray characters).
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBufferPointer { decode($0) }
    }

    /// ``decode(_:)-([UInt8])`` read in place: the characters, padding dropped, are turned into
    /// the URL-safe alphabet in a temporary buffer (on the stack when small), which Base64URL's
    /// decoder writes straight into the result.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var body = text.count
        while body > 0, text.count &- body < 2, text[body &- 1] == UInt8(ascii: "=") { body &-= 1 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: body) { (urlSafe) -> [UInt8]? in
            for k in 0..<body {
                switch text[k] {
                case UInt8(ascii: "+"): urlSafe[k] = UInt8(ascii: "-")
                case UInt8(ascii: "/"): urlSafe[k] = UInt8(ascii: "_")
                case UInt8(ascii: "-"), UInt8(ascii: "_"): return nil
                case let c: urlSafe[k] = c
                }
            }
            var isCanonical = true
            let bytes = [UInt8](unsafeUninitializedCapacity: Base64URL.decodedLength(body)) { (out, count) in
                if let written = Base64URL.decode(UnsafeRawBufferPointer(urlSafe), into: UnsafeMutableRawBufferPointer(out)) {
                    count = written
                } else {
                    isCanonical = false
                    count = 0
                }
            }
            return isCanonical ? bytes : nil
        }
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
