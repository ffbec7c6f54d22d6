import Signet

/// A Python int or float literal, as Python's tokenizer reads it: decimal ints (no leading
/// zeros), `0x`/`0o`/`0b` ints of any size, floats with a point and/or an exponent (`1.`, `.5`,
/// `1e-3`), `_` between digits. A float's value comes from Signet's JSON number reader (the
/// same correctly rounded parse, 1e999 is infinity, as in Python); an int's decimal digits are
/// bounded like a JSON integer's (Python refuses them too: its `int_max_str_digits`).
enum PythonNumberLiteral {
    /// Whether a number starts at `position`: a digit, or `.` and a digit.
    static func starts(_ text: UnsafeRawBufferPointer, at position: Int) -> Bool {
        isDecimal(text[position])
            || text[position] == UInt8(ascii: ".") && position + 1 < text.count && isDecimal(text[position + 1])
    }

    /// Reads the number at `position`, leaving `position` after it; `negative` when a `-` came first.
    static func scan(
        _ text: UnsafeRawBufferPointer, at position: inout Int, negative: Bool, limits: JSONDecodingLimits
    ) throws(PythonLiteralError) -> SessionValue {
        let start = position
        let value: SessionValue
        if text[position] == UInt8(ascii: "0"), position + 1 < text.count, let base = radix(text[position + 1]) {
            position += 2
            let digits = try digitPart(text, at: &position, start: start, afterPrefix: true) { digitValue($0).map { $0 < base } ?? false }
            value = .integer(try integer(digits, base: base, negative: negative, limits: limits, at: start))
        } else {
            let integral = text[position] == UInt8(ascii: ".") ? [] : try digitPart(text, at: &position, start: start, isDecimal)
            var fraction: [UInt8]? = nil
            var exponent: [UInt8]? = nil
            if position < text.count, text[position] == UInt8(ascii: ".") {
                position += 1
                fraction = position < text.count && isDecimal(text[position]) ? try digitPart(text, at: &position, start: start, isDecimal) : []
            }
            if position < text.count, text[position] | 0x20 == UInt8(ascii: "e") {
                var sign: [UInt8] = []
                var next = position + 1
                if next < text.count, text[next] == UInt8(ascii: "+") || text[next] == UInt8(ascii: "-") {
                    sign = [text[next]]
                    next += 1
                }
                if next < text.count, isDecimal(text[next]) {
                    position = next
                    exponent = sign + (try digitPart(text, at: &position, start: start, isDecimal))
                }
            }
            if fraction == nil, exponent == nil {
                if integral.count > 1, integral[0] == UInt8(ascii: "0"), integral.contains(where: { $0 != UInt8(ascii: "0") }) {
                    throw .syntax("leading zeros in decimal integer literals are not permitted (0o for octal)", at: start)
                }
                value = .integer(try integer(integral, base: 10, negative: negative, limits: limits, at: start))
            } else {
                value = try float(integral: integral, fraction: fraction ?? [], exponent: exponent, negative: negative, at: start)
            }
        }
        if position < text.count, text[position] | 0x20 == UInt8(ascii: "j") {
            throw .unsupported("a complex number cannot be in a Flask session", at: start)
        }
        if position < text.count, isIdentifierByte(text[position]) || text[position] == UInt8(ascii: ".") {
            throw .syntax("invalid number literal", at: start)
        }
        return value
    }

    /// `[digit](_?[digit])*` (after a base prefix the first `_` may come first); the digits.
    private static func digitPart(
        _ text: UnsafeRawBufferPointer, at position: inout Int, start: Int, afterPrefix: Bool = false,
        _ isDigit: (UInt8) -> Bool
    ) throws(PythonLiteralError) -> [UInt8] {
        var digits: [UInt8] = []
        var underscoreAllowed = afterPrefix
        while position < text.count {
            let byte = text[position]
            if byte == UInt8(ascii: "_"), underscoreAllowed {
                guard position + 1 < text.count, isDigit(text[position + 1]) else { break }
                position += 1
                continue
            }
            guard isDigit(byte) else { break }
            digits.append(byte)
            position += 1
            underscoreAllowed = true
        }
        guard !digits.isEmpty else { throw .syntax("invalid number literal", at: start) }
        return digits
    }

    private static func integer(
        _ digits: [UInt8], base: UInt32, negative: Bool, limits: JSONDecodingLimits, at start: Int
    ) throws(PythonLiteralError) -> JSONInteger {
        let significant = Array(digits.drop(while: { $0 == UInt8(ascii: "0") }))
        let decimal: [UInt8]
        if base == 10 {
            decimal = significant
        } else {
            // Above this many bits the value has more decimal digits than any limit allowed:
            // refused before the quadratic conversion.
            let bitsPerDigit = base == 16 ? 4 : base == 8 ? 3 : 1
            if limits.maxIntegerDigits > 0, significant.count * bitsPerDigit > limits.maxIntegerDigits * 4 + 4 {
                throw tooLong(limits, at: start)
            }
            decimal = decimalDigits(significant, base: base)
        }
        if limits.maxIntegerDigits > 0, decimal.count > limits.maxIntegerDigits { throw tooLong(limits, at: start) }
        let text = (negative ? "-" : "") + (decimal.isEmpty ? "0" : String(decoding: decimal, as: UTF8.self))
        return JSONInteger(decimal: text)!
    }

    private static func tooLong(_ limits: JSONDecodingLimits, at start: Int) -> PythonLiteralError {
        PythonLiteralError(kind: .limit, message: "an integer longer than \(limits.maxIntegerDigits) decimal digits", offset: start)
    }

    /// Base 2, 8 or 16 digits (no leading zeros) as decimal digits, through base-10^9 limbs.
    private static func decimalDigits(_ digits: [UInt8], base: UInt32) -> [UInt8] {
        var limbs: [UInt32] = []  // least significant first
        for digit in digits {
            var carry = UInt64(digitValue(digit)!)
            for index in limbs.indices {
                let product = UInt64(limbs[index]) * UInt64(base) + carry
                limbs[index] = UInt32(product % 1_000_000_000)
                carry = product / 1_000_000_000
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        guard let top = limbs.last else { return [] }
        var text = Array(String(top).utf8)
        for limb in limbs.dropLast().reversed() {
            let part = Array(String(limb).utf8)
            text += [UInt8](repeating: UInt8(ascii: "0"), count: 9 - part.count) + part
        }
        return text
    }

    /// The float through the JSON number grammar (`-?int(.frac)?(e[+-]?exp)?`), read by the
    /// JSON decoder Signet reads cookies with.
    private static func float(
        integral: [UInt8], fraction: [UInt8], exponent: [UInt8]?, negative: Bool, at start: Int
    ) throws(PythonLiteralError) -> SessionValue {
        let integralDigits = integral.drop(while: { $0 == UInt8(ascii: "0") })
        var json: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        json += integralDigits.isEmpty ? [UInt8(ascii: "0")] : Array(integralDigits)
        json += [UInt8(ascii: ".")] + (fraction.isEmpty ? [UInt8(ascii: "0")] : fraction)
        if let exponent { json += [UInt8(ascii: "e")] + exponent }
        guard case .float(let value)? = try? PythonJSON.decode(json) else {
            throw .syntax("invalid float literal", at: start)
        }
        return .float(value)
    }

    private static func radix(_ byte: UInt8) -> UInt32? {
        switch byte | 0x20 {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    private static func digitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func isDecimal(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// A byte that continues a Python name: ASCII letters, digits, `_`, and any non-ASCII.
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isDecimal(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }
}
