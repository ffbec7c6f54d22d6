/// Decimal text to the correctly rounded `Double`, as Python's `float()` does for JSON numbers.
enum FloatParse {
    /// Exact powers of ten: every one up to 10^22 is representable in a `Double`.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses text the JSON scanner has already matched as
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
    static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> Double {
        if let fast = clinger(p, count: count) { return fast }
        // Long mantissas and large exponents: the standard library's parser rounds correctly
        // for any length and saturates to ±inf / ±0 like Python.
        let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// Clinger's fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both
    /// exact, so one multiplication or division rounds correctly. Covers nearly all real payloads.
    private static func clinger(_ p: UnsafePointer<UInt8>, count: Int) -> Double? {
        var index = 0
        let negative = p[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var inFraction = false
        while index < count {
            let c = p[index]
            if c == UInt8(ascii: ".") {
                inFraction = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                break
            } else {
                if mantissa != 0 || c != UInt8(ascii: "0") { significantDigits += 1 }
                if significantDigits > 16 { return nil }
                mantissa = mantissa * 10 + UInt64(c &- UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            }
            index += 1
        }
        if index < count {
            index += 1
            var negativeExponent = false
            if p[index] == UInt8(ascii: "-") || p[index] == UInt8(ascii: "+") {
                negativeExponent = p[index] == UInt8(ascii: "-")
                index += 1
            }
            var explicit = 0
            while index < count {
                explicit = explicit * 10 + Int(p[index] &- UInt8(ascii: "0"))
                if explicit > 100_000 { return nil }
                index += 1
            }
            exponent += negativeExponent ? -explicit : explicit
        }
        var value: Double
        if mantissa == 0 {
            value = 0
        } else {
            guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
            value = Double(mantissa)
            if exponent < 0 {
                value /= exactPowersOfTen[-exponent]
            } else {
                value *= exactPowersOfTen[exponent]
            }
        }
        return negative ? -value : value
    }
}
