/// A verified value and when it was signed.
public struct SignedValue: Sendable, Hashable {
    /// The signed bytes.
    public let value: [UInt8]
    /// When it was signed, in Unix seconds.
    public let timestamp: Int64
}

/// Signs bytes with the time of signing, and verifies age (itsdangerous `TimestampSigner`).
///
/// Token: `value + sep + base64(timestamp) + sep + signature`, the signature covering
/// everything before the last separator.
public struct TimestampSigner: Sendable {
    public let signer: Signer
    public let clock: Clock
    public let epoch: TimestampEpoch

    public init(signer: Signer, clock: Clock = .system, epoch: TimestampEpoch = .unix) {
        self.signer = signer
        self.clock = clock
        self.epoch = epoch
    }

    /// Signs `value` stamped with `timestamp` (Unix seconds), or with the clock's time.
    /// Python reads back only times from the epoch to 9999-12-31T23:59:59Z (253402300799):
    /// a later stamp makes a token every verifier refuses as `.malformedTimestamp`.
    public func sign<C: Collection<UInt8>>(_ value: C, timestamp: Int64? = nil) -> [UInt8] {
        var signed = Array(value)
        signed += signer.separator
        TimestampBytes.withEncoded(epoch.stored(timestamp ?? clock.now())) { Base64URL.encode($0, appendingTo: &signed) }
        return signer.sign(signed)
    }

    /// Verifies `token` and returns the value and its signing time (`unsign(...,
    /// return_timestamp=True)`).
    ///
    /// - Parameters:
    ///   - token: the token's bytes.
    ///   - maxAge: seconds a token stays valid; `age > maxAge` or `age < 0` throws
    ///     `.signatureExpired` (an age equal to `maxAge` passes). Without it, any age passes,
    ///     including a future timestamp, as in Python.
    ///   - now: the time to judge age against; the clock's when nil.
    /// - Throws: in Python's order: `.badSignature` (no separator),
    ///   `.badTimeSignature` (bad signature; `dateSigned` set when the timestamp is readable),
    ///   `.missingTimestamp`, `.malformedTimestamp`, then `.signatureExpired`.
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
        var signatureError: SignetError?
        var signed: Range<Int>
        do {
            signed = try signer.unsignedRange(token)
        } catch {
            // Python goes on with the unverified payload to report the timestamp.
            guard let payload = error.payload else { throw error }
            signatureError = error
            signed = 0..<payload.count
        }
        let separator = signer.separator
        let signedBytes = UnsafeRawBufferPointer(rebasing: token[signed])
        guard let split = signer.lastIndex(of: separator, in: signedBytes) else {
            if let signatureError { throw signatureError }
            throw SignetError(.missingTimestamp, "timestamp missing", payload: Array(signedBytes))
        }
        let value = 0..<split
        let timestampText = UnsafeRawBufferPointer(rebasing: signedBytes[(split + separator.count)...])
        let timestamp = decodeTimestamp(timestampText)

        if let signatureError {
            if let timestamp {
                guard let unix = timestamp else {
                    throw SignetError(.malformedTimestamp, "Malformed timestamp", payload: Array(signedBytes[value]))
                }
                throw SignetError(.badTimeSignature, signatureError.message, payload: Array(signedBytes[value]), dateSigned: unix)
            }
            throw SignetError(.badTimeSignature, signatureError.message, payload: Array(signedBytes[value]))
        }
        guard let decoded = timestamp, let unix = decoded else {
            throw SignetError(.malformedTimestamp, "Malformed timestamp", payload: Array(signedBytes[value]))
        }
        if let maxAge {
            let age = (now ?? clock.now()) &- unix
            if age > maxAge {
                throw SignetError(
                    .signatureExpired, "Signature age \(age) > \(maxAge) seconds",
                    payload: Array(signedBytes[value]), dateSigned: unix)
            }
            if age < 0 {
                throw SignetError(
                    .signatureExpired, "Signature age \(age) < 0 seconds",
                    payload: Array(signedBytes[value]), dateSigned: unix)
            }
        }
        return (value, unix)
    }

    /// nil: unreadable (bad base64 or more than 8 bytes). `.some(nil)`: readable, but past what
    /// a Python `datetime` holds. Otherwise the Unix time.
    func decodeTimestamp(_ text: UnsafeRawBufferPointer) -> Int64?? {
        TimestampSigner.decodeTimestamp(text, epoch: epoch)
    }

    package static func decodeTimestamp(_ text: UnsafeRawBufferPointer, epoch: TimestampEpoch) -> Int64?? {
        var buffer: (UInt64, UInt64) = (0, 0)
        let decoded = withUnsafeMutableBytes(of: &buffer) { raw -> UInt64? in
            guard text.count <= 12, let length = Base64URL.decode(text, into: raw) else { return nil }
            return TimestampBytes.decode(UnsafeRawBufferPointer(rebasing: raw[0..<length]))
        }
        guard let stored = decoded else { return nil }
        let limit = UInt64(maxRepresentableTimestamp - epoch.offset)
        guard stored <= limit else { return .some(nil) }
        return .some(Int64(stored) + epoch.offset)
    }

    /// Whether `token` verifies and is not expired (`validate`).
    public func validate<C: Collection<UInt8>>(_ token: C, maxAge: Int64? = nil, now: Int64? = nil) -> Bool {
        (try? unsign(token, maxAge: maxAge, now: now)) != nil
    }
}
