/// Django's `b62_encode` / `b62_decode`: digits, then upper case, then lower case letters, with an
/// optional leading `-`.
package enum Base62 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    package static func encode(_ number: Int64, appendingTo out: inout [UInt8]) {
        if number < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits = [UInt8]()
        repeat {
            digits.append(alphabet[Int(magnitude % 62)])
            magnitude /= 62
        } while magnitude > 0
        out += digits.reversed()
    }

    /// nil for an empty text, a lone `-`, a byte outside the alphabet, or a value outside Int64
    /// (Django reads leading zeros and any size; `-` alone reads as 0 there).
    package static func decode(_ text: UnsafeRawBufferPointer) -> Int64? {
        var digits = text
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = UnsafeRawBufferPointer(rebasing: digits[1...]) }
        guard !digits.isEmpty else { return nil }
        var magnitude: UInt64 = 0
        for byte in digits {
            guard let digit = value(of: byte) else { return nil }
            let (shifted, overflowMultiply) = magnitude.multipliedReportingOverflow(by: 62)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflowMultiply, !overflowAdd else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 36
        default: return nil
        }
    }
}
