/// A verified value and when it was signed.
public struct SignedValue: Sendable, Hashable {
    /// The signed bytes.
    public let value: [UInt8]
    /// When it was signed, in Unix seconds.
    public let timestamp: Int64
}

/// Signs bytes with the time of signing, and verifies age: itsdangerous's `TimestampSigner`, or
/// Django's with ``TimestampCoding/djangoBase62``.
///
/// Token: `value + sep + timestamp + sep + signature`, the signature covering everything before
/// the last separator; `coding` says how the timestamp is written.
public struct TimestampSigner: Sendable {
    public let signer: Signer
    public let clock: Clock
    public let coding: TimestampCoding

    /// itsdangerous's signer, its timestamps counted from `epoch`.
    public init(signer: Signer, clock: Clock = .system, epoch: TimestampEpoch = .unix) {
        self.init(signer: signer, clock: clock, coding: .itsdangerous(epoch))
    }

    public init(signer: Signer, clock: Clock = .system, coding: TimestampCoding) {
        self.signer = signer
        self.clock = clock
        self.coding = coding
    }

    /// What the timestamps count from.
    public var epoch: TimestampEpoch { coding.epoch }

    /// Signs `value` stamped with `timestamp` (Unix seconds), or with the clock's time.
    /// Python reads back only times from the epoch to 9999-12-31T23:59:59Z (253402300799):
    /// a later stamp makes a token every itsdangerous verifier refuses as `.malformedTimestamp`.
    public func sign<C: Collection<UInt8>>(_ value: C, timestamp: Int64? = nil) -> [UInt8] {
        var signed = Array(value)
        signed += signer.separator
        coding.encode(timestamp ?? clock.now(), appendingTo: &signed)
        return signer.sign(signed)
    }

    /// Verifies `token` and returns the value and its signing time (`unsign(...,
    /// return_timestamp=True)`).
    ///
    /// - Parameters:
    ///   - token: the token's bytes.
    ///   - maxAge: seconds a token stays valid; `age > maxAge` throws `.signatureExpired` (an
    ///     age equal to `maxAge` passes), and so does `age < 0` for itsdangerous. Without it, any
    ///     age passes, including a future timestamp, as in Python.
    ///   - now: the time to judge age against; the clock's when nil.
    /// - Throws: in Python's order: `.badSignature` (no separator), `.badTimeSignature` (bad
    ///   signature; `dateSigned` set when the timestamp is readable; Django: `.badSignature`,
    ///   its payload the value),
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
            // itsdangerous goes on with the unverified payload to report the timestamp; Signet
            // does for Django too, to report the value without its timestamp (`loadsUnsafe`).
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
        let value = Array(signedBytes[0..<split])
        let timestamp = coding.decode(UnsafeRawBufferPointer(rebasing: signedBytes[(split + separator.count)...]))
        if let signatureError {
            guard case .itsdangerous = coding else { throw SignetError(signatureError.kind, signatureError.message, payload: value) }
            if timestamp == .some(nil) { throw SignetError(.malformedTimestamp, "Malformed timestamp", payload: value) }
            throw SignetError(.badTimeSignature, signatureError.message, payload: value, dateSigned: timestamp ?? nil)
        }
        guard let decoded = timestamp, let unix = decoded else {
            throw SignetError(.malformedTimestamp, "Malformed timestamp", payload: value)
        }
        if let maxAge { try checkAge(of: unix, now: now ?? clock.now(), maxAge: maxAge, payload: value) }
        return (0..<split, unix)
    }

    /// Throws `.signatureExpired` when the age at `now` of a token stamped `unix` is past
    /// `maxAge`, or negative where the coding refuses a future time. An age past 64 bits is
    /// too old or in the future by its true sign.
    private func checkAge(of unix: Int64, now: Int64, maxAge: Int64, payload: [UInt8]) throws(SignetError) {
        let (age, overflow) = now.subtractingReportingOverflow(unix)
        let negative = overflow ? age >= 0 : age < 0
        let shown = overflow ? "" : " \(age)"
        if overflow ? !negative : age > maxAge {
            throw SignetError(.signatureExpired, "Signature age\(shown) > \(maxAge) seconds", payload: payload, dateSigned: unix)
        }
        if negative && coding.refusesFutureTimestamps {
            throw SignetError(.signatureExpired, "Signature age\(shown) < 0 seconds", payload: payload, dateSigned: unix)
        }
    }

    /// The longest timestamp text `decodeTimestamp` decodes; it refuses longer ones unread
    /// (eight bytes take 11 characters).
    package static let maxTimestampTextLength = 12

    /// itsdangerous's timestamp text read with `epoch`: nil when unreadable (bad base64 or more
    /// than 8 bytes), `.some(nil)` when past what a Python `datetime` holds, otherwise the Unix time.
    @inline(__always)
    package static func decodeTimestamp(_ text: UnsafeRawBufferPointer, epoch: TimestampEpoch) -> Int64?? {
        var buffer: (UInt64, UInt64) = (0, 0)
        let decoded = withUnsafeMutableBytes(of: &buffer) { raw -> UInt64? in
            guard text.count <= maxTimestampTextLength, let length = Base64URL.decode(text, into: raw), length <= 8 else { return nil }
            // `bytes_to_int` of the `length` bytes, which zeros follow: one big-endian load.
            return UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)) &>> UInt64((8 &- length) &* 8)
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
