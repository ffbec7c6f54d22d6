/// Python's `float.__repr__`, which `json.dumps` uses for finite floats.
///
/// Both Python (David Gay's `dtoa` mode 0) and Swift's `description` produce the shortest
/// digit string that round-trips, choosing the closest such string; only the layout differs.
/// So the digits come from `description` and are re-laid out by Python's rule: positional
/// when the decimal exponent is in -4 ..< 16, else `d.ddde+XX` with at least two exponent digits.
enum FloatRepr {
    /// Room for the longest repr: a sign, 17 digits, a point and `e-308` take 24 bytes; the
    /// positional form at most a sign, `0.000` and 17 digits.
    static var maximumLength: Int { 32 }

    /// Calls `body` with `float.__repr__` of `value`, written in a buffer on the stack (a float
    /// costs no allocation when encoded or checked).
    @inline(__always)
    static func withRepr<R>(_ value: Double, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            let count = write(value, to: buffer.baseAddress!)
            return body(UnsafeBufferPointer(start: buffer.baseAddress!, count: count))
        }
    }

    /// Appends `float.__repr__` of `value` to `out`.
    static func append(_ value: Double, to out: inout [UInt8]) {
        withRepr(value) { out.append(contentsOf: $0) }
    }

    /// Writes the repr at `out` (room for ``maximumLength`` bytes); returns its length.
    private static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var writer = ReprWriter(out: out)
        if value.isNaN {
            writer.append("NaN")
        } else if value.isInfinite {
            writer.append(value < 0 ? "-Infinity" : "Infinity")
        } else if value == 0 {
            writer.append(value.sign == .minus ? "-0.0" : "0.0")
        } else {
            var text = value.description
            text.withUTF8 { layOut(UnsafeRawBufferPointer($0), to: &writer) }
        }
        return writer.count
    }

    /// Bytes written at a pointer with room for ``maximumLength``.
    private struct ReprWriter {
        let out: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func append(_ byte: UInt8) {
            precondition(count < FloatRepr.maximumLength)
            out[count] = byte
            count += 1
        }

        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { append(contentsOf: $0) }
        }

        mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { append(byte) }
        }
    }

    /// Turns Swift's `1.5e+300` / `0.0001` / `100.0` into significant digits and a point
    /// position, then writes them Python's way.
    private static func layOut(_ text: UnsafeRawBufferPointer, to out: inout ReprWriter) {
        // 17 significant digits at most; Swift's positional form can add a few zeros.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var count = 0
            // The value is 0.d1d2d3... × 10^pointPosition.
            var pointPosition = 0
            var seenPoint = false
            var index = 0
            if text[0] == UInt8(ascii: "-") {
                out.append(UInt8(ascii: "-"))
                index = 1
            }
            while index < text.count {
                let c = text[index]
                index += 1
                if c == UInt8(ascii: ".") {
                    seenPoint = true
                } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    pointPosition += parseExponent(text, from: index)
                    break
                } else if count == 0 && c == UInt8(ascii: "0") {
                    if seenPoint { pointPosition -= 1 }
                } else if count < digits.count {
                    digits[count] = c
                    count += 1
                    if !seenPoint { pointPosition += 1 }
                }
            }
            while count > 1 && digits[count - 1] == UInt8(ascii: "0") { count -= 1 }

            if pointPosition > -4 && pointPosition <= 16 {
                if pointPosition <= 0 {
                    out.append("0.")
                    for _ in 0..<(-pointPosition) { out.append(UInt8(ascii: "0")) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<count]))
                } else if pointPosition >= count {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<count]))
                    for _ in 0..<(pointPosition - count) { out.append(UInt8(ascii: "0")) }
                    out.append(".0")
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<pointPosition]))
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[pointPosition..<count]))
                }
            } else {
                out.append(digits[0])
                if count > 1 {
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[1..<count]))
                }
                let exponent = pointPosition - 1
                out.append(UInt8(ascii: "e"))
                out.append(UInt8(ascii: exponent < 0 ? "-" : "+"))
                let magnitude = exponent.magnitude
                if magnitude < 10 { out.append(UInt8(ascii: "0")) }
                var exponentText = String(magnitude)
                exponentText.withUTF8 { out.append(contentsOf: $0) }
            }
        }
    }

    private static func parseExponent(_ text: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        var negative = false
        if index < text.count && (text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+")) {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var value = 0
        while index < text.count {
            value = value * 10 + Int(text[index] &- UInt8(ascii: "0"))
            index += 1
        }
        return negative ? -value : value
    }
}
