/// One Python string or bytes literal token, decoded as Python's tokenizer decodes it: prefixes
/// `b r u` (and `br`/`rb`, any case), single, double and triple quotes, escapes `\\ \' \" \a \b
/// \f \n \r \t \v`, backslash-newline, octal `\ooo`, `\xhh`, and in str `\uXXXX`, `\UXXXXXXXX`
/// and `\N{NAME}`; unknown escapes kept as written. The one scanner of both the wordlist lines
/// (`PythonLiteral`) and `signet sign`'s literals (`PythonLiteralParser`).
///
/// A str is appended as WTF-8 (UTF-8 that also writes lone surrogates, which `\ud800` makes);
/// bytes as themselves. Text outside escapes is copied as is: callers check it is UTF-8.
/// Refused as Python refuses them: NUL, an unterminated literal, non-ASCII in bytes, `\x` without
/// two hex digits, a code point above U+10FFFF, an unknown `\N{...}` name. Refused although
/// Python reads them: a carriage return inside a literal (Python's parser first turns line
/// ends into `\n`; Signet does not rewrite the text).
enum PythonStringLiteral {
    struct Token {
        let isBytes: Bool
        /// A str holding a lone surrogate: it has no UTF-8 (a key cannot be one).
        var hasSurrogate = false
    }

    /// The length of the prefix (0 to 2) when a literal starts at `position`; nil when none does.
    /// Throws for an f-string, which `ast.literal_eval` refuses.
    static func prefixLength(_ text: UnsafeRawBufferPointer, at position: Int) throws(PythonLiteralError) -> Int? {
        var bytes = false
        var raw = false
        var unicode = false
        var formatted = false
        var length = 0
        while position + length < text.count, length <= 2 {
            let byte = text[position + length]
            if byte == quote || byte == doubleQuote { break }
            switch byte | 0x20 {
            case UInt8(ascii: "b") where !bytes: bytes = true
            case UInt8(ascii: "r") where !raw: raw = true
            case UInt8(ascii: "u") where !unicode: unicode = true
            case UInt8(ascii: "f") where !formatted: formatted = true
            default: return nil
            }
            length += 1
        }
        guard position + length < text.count, length <= 2 else { return nil }
        let next = text[position + length]
        guard next == quote || next == doubleQuote else { return nil }
        if formatted, !bytes, !unicode { throw .syntax("an f-string is not a literal", at: position) }
        // Python's prefixes: b, r, u, br and rb; `u` combines with nothing, `f` is refused above.
        guard !(unicode && length > 1), !formatted else { return nil }
        return length
    }

    /// Decodes the literal at `position` (its prefix or opening quote) onto `out`, leaving
    /// `position` just after its closing quote.
    static func scan(
        _ text: UnsafeRawBufferPointer, at position: inout Int, appendingTo out: inout [UInt8]
    ) throws(PythonLiteralError) -> Token {
        let start = position
        guard let prefix = try prefixLength(text, at: position) else {
            throw .syntax("no string literal", at: position)
        }
        var isBytes = false
        var raw = false
        for offset in 0..<prefix {
            switch text[position + offset] | 0x20 {
            case UInt8(ascii: "b"): isBytes = true
            case UInt8(ascii: "r"): raw = true
            default: break
            }
        }
        position += prefix
        let delimiter = text[position]
        let triple = position + 2 < text.count && text[position + 1] == delimiter && text[position + 2] == delimiter
        position += triple ? 3 : 1
        var token = Token(isBytes: isBytes)
        func unterminated() -> PythonLiteralError { .syntax("unterminated string literal", at: start) }

        while true {
            guard position < text.count else { throw unterminated() }
            let byte = text[position]
            if byte == delimiter {
                if !triple { position += 1; return token }
                if position + 2 < text.count, text[position + 1] == delimiter, text[position + 2] == delimiter {
                    position += 3
                    return token
                }
                out.append(byte)
                position += 1
                continue
            }
            try checkCharacter(byte, at: position, isBytes: isBytes, triple: triple, start: start)
            guard byte == backslash else {
                out.append(byte)
                position += 1
                continue
            }
            // A backslash always takes the next character along, even in a raw literal, so it
            // never closes the literal.
            guard position + 1 < text.count else { throw unterminated() }
            let escaped = text[position + 1]
            if raw {
                try checkCharacter(escaped, at: position + 1, isBytes: isBytes, triple: true, start: start)
                out.append(byte)
                out.append(escaped)
                position += 2
                continue
            }
            position += 2
            try decodeEscape(escaped, text, at: &position, isBytes: isBytes, into: &out, token: &token)
        }
    }

    private static func checkCharacter(_ byte: UInt8, at position: Int, isBytes: Bool, triple: Bool, start: Int) throws(PythonLiteralError) {
        switch byte {
        case 0: throw .syntax("a NUL byte is not allowed in Python source", at: position)
        case UInt8(ascii: "\r"): throw .unsupported("a carriage return inside a string literal is not read (write \\r)", at: position)
        case UInt8(ascii: "\n") where !triple: throw .syntax("unterminated string literal", at: start)
        case 0x80... where isBytes: throw .syntax("bytes can only contain ASCII literal characters", at: position)
        default: break
        }
    }

    /// The escape whose letter is `escaped`; `position` is just after it.
    private static func decodeEscape(
        _ escaped: UInt8, _ text: UnsafeRawBufferPointer, at position: inout Int, isBytes: Bool,
        into out: inout [UInt8], token: inout Token
    ) throws(PythonLiteralError) {
        let escapeStart = position - 2
        // Not escapes in bytes: kept as written, like any unknown escape.
        if isBytes, escaped == UInt8(ascii: "u") || escaped == UInt8(ascii: "U") || escaped == UInt8(ascii: "N") {
            out.append(backslash)
            out.append(escaped)
            return
        }
        switch escaped {
        case UInt8(ascii: "\n"): break  // a line continuation
        case backslash, quote, doubleQuote: out.append(escaped)
        case UInt8(ascii: "a"): out.append(7)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "v"): out.append(11)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(escaped - UInt8(ascii: "0"))
            var digits = 1
            while digits < 3, position < text.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(text[position]) {
                value = value * 8 + UInt32(text[position] - UInt8(ascii: "0"))
                position += 1
                digits += 1
            }
            // Python keeps the low byte of `\400`...`\777` in bytes.
            if isBytes { out.append(UInt8(value & 0xFF)) } else { appendWTF8(value, to: &out) }
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = escaped == UInt8(ascii: "x") ? 2 : escaped == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for offset in 0..<digits {
                guard position + offset < text.count, let digit = hexDigit(text[position + offset]) else {
                    throw .syntax("truncated \\\(Character(Unicode.Scalar(escaped))) escape", at: escapeStart)
                }
                value = value << 4 | UInt32(digit)
            }
            position += digits
            guard value <= 0x10FFFF else { throw .syntax("illegal Unicode character", at: escapeStart) }
            if isBytes { out.append(UInt8(value)) } else { appendWTF8(value, to: &out) }
            if (0xD800...0xDFFF).contains(value) && !isBytes { token.hasSurrogate = true }
        case UInt8(ascii: "N"):
            guard position < text.count, text[position] == UInt8(ascii: "{"),
                let close = (position + 1..<min(text.count, position + 1 + UnicodeNames.longestName + 1))
                    .first(where: { text[$0] == UInt8(ascii: "}") }),
                let scalar = UnicodeNames.scalar(named: UnsafeRawBufferPointer(rebasing: text[position + 1..<close]))
            else { throw .syntax("malformed or unknown \\N{...} character name", at: escapeStart) }
            position = close + 1
            appendWTF8(scalar, to: &out)
        default:
            // An unknown escape stays as written (Python warns and keeps the backslash).
            try checkCharacter(escaped, at: position - 1, isBytes: isBytes, triple: true, start: escapeStart)
            out.append(backslash)
            out.append(escaped)
        }
    }

    private static let quote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// UTF-8, and for U+D800...U+DFFF the same three-byte form (WTF-8, as `JSONString` holds it).
    private static func appendWTF8(_ codePoint: UInt32, to out: inout [UInt8]) {
        switch codePoint {
        case ..<0x80:
            out.append(UInt8(codePoint))
        case ..<0x800:
            out.append(UInt8(0xC0 | codePoint >> 6))
            out.append(UInt8(0x80 | codePoint & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | codePoint >> 12))
            out.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            out.append(UInt8(0x80 | codePoint & 0x3F))
        default:
            out.append(UInt8(0xF0 | codePoint >> 18))
            out.append(UInt8(0x80 | codePoint >> 12 & 0x3F))
            out.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            out.append(UInt8(0x80 | codePoint & 0x3F))
        }
    }
}
