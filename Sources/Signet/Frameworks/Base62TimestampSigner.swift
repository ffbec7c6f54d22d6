/// Signs bytes with the time of signing written in base62, and verifies age (Django's
/// `django.core.signing.TimestampSigner`).
///
/// Token: `value + sep + base62(timestamp) + sep + signature`, the signature covering everything
/// before the last separator. Unlike itsdangerous, a timestamp in the future is accepted at any
/// `maxAge` (Django checks only `age > max_age`).
public struct Base62TimestampSigner: Sendable {
    public let signer: Signer
    public let clock: Clock

    public init(signer: Signer, clock: Clock = .system) {
        self.signer = signer
        self.clock = clock
    }

    /// Signs `value` stamped with `timestamp` (Unix seconds), or with the clock's time.
    public func sign<C: Collection<UInt8>>(_ value: C, timestamp: Int64? = nil) -> [UInt8] {
        var signed = Array(value)
        signed += signer.separator
        Base62.encode(timestamp ?? clock.now(), appendingTo: &signed)
        return signer.sign(signed)
    }

    /// Verifies `token` and returns the value and its signing time.
    ///
    /// - Throws: `.badSignature` (no separator, or no key signed it), `.missingTimestamp` (no
    ///   second separator), `.malformedTimestamp` (not `-?[0-9A-Za-z]+`, or past 64 bits), then
    ///   `.signatureExpired` when `now - timestamp > maxAge`.
    public func unsign<C: Collection<UInt8>>(_ token: C, maxAge: Int64? = nil, now: Int64? = nil) throws(SignetError) -> SignedValue {
        let bytes = Array(token)
        let result = bytes.withUnsafeBytes { tokenBytes in
            Result { () throws(SignetError) in try unsignedRange(tokenBytes, maxAge: maxAge, now: now) }
        }
        let (range, timestamp) = try result.get()
        return SignedValue(value: Array(bytes[range]), timestamp: timestamp)
    }

    /// The value's range inside `token` and its Unix timestamp, after full verification.
    func unsignedRange(_ token: UnsafeRawBufferPointer, maxAge: Int64?, now: Int64?) throws(SignetError) -> (Range<Int>, Int64) {
        let signed: Range<Int>
        do {
            signed = try signer.unsignedRange(token)
        } catch {
            // The untrusted payload (for `loadsUnsafe`) is the value without its timestamp.
            guard let payload = error.payload, let split = Signer.lastIndex(of: signer.separator, inBytes: payload) else { throw error }
            throw SignetError(error.kind, error.message, payload: Array(payload[0..<split]))
        }
        let signedBytes = UnsafeRawBufferPointer(rebasing: token[signed])
        guard let split = signer.lastIndex(of: signer.separator, in: signedBytes) else {
            throw SignetError(.missingTimestamp, "timestamp missing", payload: Array(signedBytes))
        }
        let text = UnsafeRawBufferPointer(rebasing: signedBytes[(split + signer.separator.count)...])
        guard let timestamp = Base62.decode(text) else {
            throw SignetError(.malformedTimestamp, "Malformed timestamp", payload: Array(signedBytes[0..<split]))
        }
        if let maxAge {
            let (age, overflow) = (now ?? clock.now()).subtractingReportingOverflow(timestamp)
            if overflow || age > maxAge {
                throw SignetError(
                    .signatureExpired, overflow ? "Signature age > \(maxAge) seconds" : "Signature age \(age) > \(maxAge) seconds",
                    payload: Array(signedBytes[0..<split]), dateSigned: timestamp)
            }
        }
        return (0..<split, timestamp)
    }
}

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
