/// Wordlist lines written as one Python string or bytes literal (`"key"`, `'k\x00y'`, `b'\xff'`),
/// the format of flask-unsign's wordlist, decoded as `ast.literal_eval` does: escapes `\\ \' \"
/// \a \b \f \n \r \t \v`, octal `\ooo`, `\xhh`, and in str `\uXXXX`, `\UXXXXXXXX`; prefixes
/// `b r u` (and `br`/`rb`, any case), single, double and triple quotes. A str becomes its UTF-8
/// bytes (as itsdangerous encodes a str key); a bytes literal is its bytes. A line that is not
/// exactly one such literal, or that uses `\N{...}`, a surrogate, a NUL or `\r`, is no literal.
enum PythonLiteral {
    /// The key `line` denotes, written into `key` (reused, so the audit loop allocates nothing),
    /// or false when the line is not one literal. ASCII whitespace around it is ignored, as
    /// flask-unsign strips each line.
    static func decode(_ line: UnsafeRawBufferPointer, into key: inout [UInt8]) -> Bool {
        var start = 0
        var end = line.count
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        guard end - start >= 2, line[end - 1] == quote || line[end - 1] == doubleQuote else { return false }

        var bytesLiteral = false
        var raw = false
        var unicodePrefix = false
        var prefixLength = 0
        prefix: while prefixLength < 2 {
            switch line[start + prefixLength] | 0x20 {
            case UInt8(ascii: "b") where !bytesLiteral: bytesLiteral = true
            case UInt8(ascii: "r") where !raw: raw = true
            case UInt8(ascii: "u") where prefixLength == 0: unicodePrefix = true
            default: break prefix
            }
            prefixLength += 1
        }
        // `u` combines with nothing.
        guard !(unicodePrefix && prefixLength > 1) else { return false }
        var position = start + prefixLength
        let delimiter = line[position]
        guard delimiter == quote || delimiter == doubleQuote, line[end - 1] == delimiter else { return false }
        let triple = end - position >= 6 && line[position + 1] == delimiter && line[position + 2] == delimiter
            && line[end - 2] == delimiter && line[end - 3] == delimiter
        let delimiterLength = triple ? 3 : 1
        position += delimiterLength
        guard end - position >= delimiterLength else { return false }
        let bodyEnd = end - delimiterLength

        key.removeAll(keepingCapacity: true)
        while position < bodyEnd {
            let byte = line[position]
            if byte == 0 || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") { return false }
            if bytesLiteral && byte >= 0x80 { return false }
            if byte == delimiter {
                // Any unescaped delimiter before the end closes the literal early (or, in a
                // triple-quoted one, may not be followed by two more).
                if !triple { return false }
                if position + 2 < end && line[position + 1] == delimiter && line[position + 2] == delimiter { return false }
                key.append(byte)
                position += 1
                continue
            }
            guard byte == backslash else {
                key.append(byte)
                position += 1
                continue
            }
            // A backslash always takes the next character along, so it cannot close the literal;
            // at the very end of the body it escapes the closing delimiter.
            guard position + 1 < bodyEnd else { return false }
            let escaped = line[position + 1]
            if raw {
                if escaped == 0 || escaped == UInt8(ascii: "\r") || escaped >= 0x80 && bytesLiteral { return false }
                key.append(byte)
                key.append(escaped)
                position += 2
                continue
            }
            position += 2
            switch escaped {
            case backslash, quote, doubleQuote: key.append(escaped)
            case UInt8(ascii: "a"): key.append(7)
            case UInt8(ascii: "b"): key.append(8)
            case UInt8(ascii: "f"): key.append(12)
            case UInt8(ascii: "n"): key.append(10)
            case UInt8(ascii: "r"): key.append(13)
            case UInt8(ascii: "t"): key.append(9)
            case UInt8(ascii: "v"): key.append(11)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, position < bodyEnd, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(line[position]) {
                    value = value * 8 + UInt32(line[position] - UInt8(ascii: "0"))
                    position += 1
                    digits += 1
                }
                // Python keeps the low byte of `\400`...`\777` in bytes.
                if bytesLiteral { key.append(UInt8(value & 0xFF)) } else { appendUTF8(value, to: &key) }
            case UInt8(ascii: "u") where bytesLiteral, UInt8(ascii: "U") where bytesLiteral:
                // Not an escape in bytes: kept as written, like any unknown escape.
                key.append(backslash)
                key.append(escaped)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let digits = escaped == UInt8(ascii: "x") ? 2 : escaped == UInt8(ascii: "u") ? 4 : 8
                guard bodyEnd - position >= digits else { return false }
                var value: UInt32 = 0
                for offset in 0..<digits {
                    guard let digit = hexDigit(line[position + offset]) else { return false }
                    value = value << 4 | UInt32(digit)
                }
                position += digits
                guard value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return false }
                if bytesLiteral { key.append(UInt8(value)) } else { appendUTF8(value, to: &key) }
            case UInt8(ascii: "N") where !bytesLiteral:
                // Named characters need Unicode's name table: such lines are tried raw only.
                return false
            case 0, UInt8(ascii: "\r"):
                return false
            default:
                // An unknown escape stays as written (Python warns and keeps the backslash).
                if bytesLiteral && escaped >= 0x80 { return false }
                key.append(backslash)
                key.append(escaped)
            }
        }
        return bytesLiteral || isValidUTF8(line, start, end)
    }

    private static let quote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// Python's `str.strip()` on ASCII: space, `\t \n \v \f \r` and `\x1c`...`\x1f`.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func appendUTF8(_ scalar: UInt32, to key: inout [UInt8]) {
        // Callers pass no surrogate and nothing above U+10FFFF; octal escapes stay below U+0200.
        let unicodeScalar = Unicode.Scalar(scalar)!
        key.append(contentsOf: UTF8.encode(unicodeScalar)!)
    }

    /// flask-unsign decodes each line as UTF-8 first; a line that is not is taken raw.
    private static func isValidUTF8(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        let slice = UnsafeRawBufferPointer(rebasing: line[start..<end])
        guard slice.contains(where: { $0 >= 0x80 }) else { return true }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = slice.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
