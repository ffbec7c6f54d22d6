/// Python's `float.__repr__`, which `json.dumps` uses for finite floats.
///
/// Both Python (David Gay's `dtoa` mode 0) and Swift's `description` produce the shortest
/// digit string that round-trips, choosing the closest such string; only the layout differs.
/// So the digits come from `description` and are re-laid out by Python's rule: positional
/// when the decimal exponent is in -4 ..< 16, else `d.ddde+XX` with at least two exponent digits.
enum FloatRepr {
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN {
            out.append(contentsOf: "NaN".utf8)
            return
        }
        if value.isInfinite {
            out.append(contentsOf: (value < 0 ? "-Infinity" : "Infinity").utf8)
            return
        }
        if value == 0 {
            out.append(contentsOf: (value.sign == .minus ? "-0.0" : "0.0").utf8)
            return
        }
        var text = value.description
        text.withUTF8 { layOut(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Turns Swift's `1.5e+300` / `0.0001` / `100.0` into significant digits and a point
    /// position, then writes them Python's way.
    private static func layOut(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
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
                    out.append(contentsOf: "0.".utf8)
                    for _ in 0..<(-pointPosition) { out.append(UInt8(ascii: "0")) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<count]))
                } else if pointPosition >= count {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<count]))
                    for _ in 0..<(pointPosition - count) { out.append(UInt8(ascii: "0")) }
                    out.append(contentsOf: ".0".utf8)
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
                out.append(contentsOf: String(magnitude).utf8)
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
