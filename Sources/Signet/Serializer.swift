/// A value read from a token, and when it was signed (timed serializers only).
public struct LoadedValue: Sendable, Hashable {
    public let value: JSONValue
    public let timestamp: Int64?
}

/// Serialises JSON values into signed tokens and back (itsdangerous `Serializer` and, through
/// its factories, `URLSafeSerializer`, `TimedSerializer` and `URLSafeTimedSerializer`).
///
/// Immutable and `Sendable`: build one at start-up and share it.
public struct Serializer: Sendable {
    /// itsdangerous's default serializer salt, `itsdangerous`.
    public static let defaultSalt: [UInt8] = Profile.serializer.salt

    /// Whether tokens carry a timestamp.
    public enum Timing: Sendable {
        case untimed
        case timed(clock: Clock, epoch: TimestampEpoch)
        /// Django's timestamp: base62 text, no check of a future time (``TimestampCoding/djangoBase62``).
        case base62(clock: Clock)
    }

    public let payloadEncoding: PayloadEncoding
    public let jsonOptions: JSONEncodingOptions
    public let timing: Timing
    public let limits: Limits
    /// The primary signer (every key) first, then each fallback with each key, oldest first
    /// (`iter_unsigners`).
    let unsigners: [Signer]

    /// Creates a serializer.
    ///
    /// - Parameters:
    ///   - secretKeys: oldest first; the last signs.
    ///   - salt: `nil` means the signer's default, `itsdangerous.Signer`, as in Python.
    ///   - signer: options of the signer that signs and verifies first.
    ///   - fallbackSigners: options tried, one key at a time, when the primary rejects a token.
    ///   - payloadEncoding: plain, or zlib-compressed when that is shorter (URL-safe serializers).
    ///   - jsonOptions: how values are written as JSON (Python's `json.dumps` arguments).
    ///   - timing: untimed (`Serializer`) or timed (`TimedSerializer`, with its epoch).
    ///   - limits: the bounds tokens and payloads are read and written under.
    public init(
        secretKeys: [[UInt8]],
        salt: [UInt8]? = Serializer.defaultSalt,
        signer: SignerOptions = SignerOptions(),
        fallbackSigners: [SignerOptions] = [],
        payloadEncoding: PayloadEncoding = Profile.serializer.payloadEncoding,
        jsonOptions: JSONEncodingOptions = Profile.serializer.jsonOptions,
        timing: Timing = .untimed,
        limits: Limits = .default
    ) throws(SignetError) {
        try limits.validate()
        let salt = salt ?? Signer.defaultSalt
        func make(_ keys: [[UInt8]], _ options: SignerOptions) throws(SignetError) -> Signer {
            try Signer(
                secretKeys: keys, salt: salt, separator: options.separator,
                keyDerivation: options.keyDerivation, digest: options.digest, algorithm: options.algorithm)
        }
        var unsigners = [try make(secretKeys, signer)]
        for fallback in fallbackSigners {
            for key in secretKeys { unsigners.append(try make([key], fallback)) }
        }
        self.unsigners = unsigners
        self.payloadEncoding = payloadEncoding
        self.jsonOptions = jsonOptions
        self.timing = timing
        self.limits = limits
    }

    /// The signer that signs.
    public var signer: Signer { unsigners[0] }

    /// `dump_payload`: the bytes that get signed for `value`.
    public func dumpPayload(_ value: JSONValue) throws(SignetError) -> [UInt8] {
        payloadEncoding.encode(try PythonJSON.encode(value, options: jsonOptions, limits: limits.json))
    }

    /// `dump_payload` of a Flask session with `TaggedJSONSerializer`: its tagged JSON.
    package func dumpPayload(session: SessionValue) throws(SignetError) -> [UInt8] {
        payloadEncoding.encode(try PythonJSON.encodeTagged(session, options: jsonOptions, limits: limits.json))
    }

    /// `load_payload`: the value inside signed payload bytes. Throws `.badPayload` (or a
    /// subclass) when they do not decode.
    public func loadPayload(_ payload: UnsafeRawBufferPointer) throws(SignetError) -> JSONValue {
        let json = try payloadEncoding.decode(payload, limits: limits)
        return try PythonJSON.decode(json, limits: limits.json)
    }

    /// Signs already-encoded payload bytes, stamped with `timestamp` or the clock's time.
    public func signPayload(_ payload: [UInt8], timestamp: Int64? = nil) -> [UInt8] {
        guard let timed = timing.timestampSigner(signer) else { return signer.sign(payload) }
        return timed.sign(payload, timestamp: timestamp)
    }

    /// `dumps`: the token for `value`. `timestamp` (Unix seconds) applies to timed serializers.
    public func dumps(_ value: JSONValue, timestamp: Int64? = nil) throws(SignetError) -> [UInt8] {
        signPayload(try dumpPayload(value), timestamp: timestamp)
    }

    /// Verifies `token` with each unsigner in turn and returns the payload bytes and timestamp,
    /// without decoding the payload.
    ///
    /// A `.signatureExpired` stops the search; otherwise the last unsigner's error is thrown.
    public func unsignPayload(_ token: UnsafeRawBufferPointer, maxAge: Int64? = nil, now: Int64? = nil) throws(SignetError) -> (payload: UnsafeRawBufferPointer, timestamp: Int64?) {
        try limits.checkTokenLength(token.count)
        var lastError = SignetError(.badSignature, "no signer")
        for unsigner in unsigners {
            do {
                guard let timed = timing.timestampSigner(unsigner) else {
                    return (UnsafeRawBufferPointer(rebasing: token[try unsigner.unsignedRange(token)]), nil)
                }
                let (range, timestamp) = try timed.unsignedRange(token, maxAge: maxAge, now: now)
                return (UnsafeRawBufferPointer(rebasing: token[range]), timestamp)
            } catch {
                if error.kind == .signatureExpired { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    /// `loads`: verifies `token` and returns its value (and timestamp, for timed serializers).
    ///
    /// - Parameters:
    ///   - token: the token's bytes.
    ///   - maxAge: for timed serializers, seconds a token stays valid (see
    ///     ``TimestampSigner/unsign(_:maxAge:now:)``).
    ///   - now: Unix seconds to judge age against; the clock's when nil.
    public func loads<C: Collection<UInt8>>(_ token: C, maxAge: Int64? = nil, now: Int64? = nil) throws(SignetError) -> LoadedValue {
        try withContiguousBytes(token) { (tokenBytes) throws(SignetError) in
            let (payload, timestamp) = try unsignPayload(tokenBytes, maxAge: maxAge, now: now)
            return LoadedValue(value: try loadPayload(payload), timestamp: timestamp)
        }
    }

    /// `loads_unsafe`: the value even when the signature is bad, through the one unverified
    /// decoder (``decodeUnverified(_:maxAge:now:load:)``).
    ///
    /// Returns `valid: false` and the decoded (untrusted) value for a bad signature, or a nil
    /// value when there is none to decode. Throws, as Python does, when the signature is genuine
    /// but the payload does not decode; and `.tokenTooLarge`.
    public func loadsUnsafe<C: Collection<UInt8>>(_ token: C, maxAge: Int64? = nil, now: Int64? = nil) throws(SignetError) -> (valid: Bool, value: JSONValue?) {
        try withContiguousBytes(token) { (bytes) throws(SignetError) in
            try decodeUnverified(bytes, maxAge: maxAge, now: now) { (json) throws(SignetError) in
                try PythonJSON.decode(json, limits: limits.json)
            }.pythonResult()
        }
    }
}

extension Serializer {
    /// The serializer of a ``Profile`` row with `secretKeys` (oldest first; the last signs).
    public init(
        profile: Profile, secretKeys: [[UInt8]], fallbackSigners: [SignerOptions] = [], clock: Clock = .system,
        epoch: TimestampEpoch = .unix, limits: Limits = .default
    ) throws(SignetError) {
        try self.init(
            row: profile, secretKeys: secretKeys, salt: profile.salt, signer: profile.signerOptions,
            fallbackSigners: fallbackSigners, clock: clock, epoch: epoch, limits: limits)
    }

    /// `URLSafeSerializer`: compact JSON, compressed when smaller, base64.
    public static func urlSafe(
        secretKeys: [[UInt8]], salt: [UInt8]? = Serializer.defaultSalt, signer: SignerOptions = SignerOptions(),
        fallbackSigners: [SignerOptions] = [], limits: Limits = .default
    ) throws(SignetError) -> Serializer {
        try Serializer(
            row: .urlSafeSerializer, secretKeys: secretKeys, salt: salt, signer: signer, fallbackSigners: fallbackSigners,
            clock: .system, epoch: .unix, limits: limits)
    }

    /// `TimedSerializer`: `json.dumps` text with a timestamp.
    public static func timed(
        secretKeys: [[UInt8]], salt: [UInt8]? = Serializer.defaultSalt, signer: SignerOptions = SignerOptions(),
        fallbackSigners: [SignerOptions] = [], clock: Clock = .system, epoch: TimestampEpoch = .unix,
        limits: Limits = .default
    ) throws(SignetError) -> Serializer {
        try Serializer(
            row: .timedSerializer, secretKeys: secretKeys, salt: salt, signer: signer, fallbackSigners: fallbackSigners,
            clock: clock, epoch: epoch, limits: limits)
    }

    /// `URLSafeTimedSerializer`: compact JSON, compressed when smaller, base64, timestamp.
    public static func urlSafeTimed(
        secretKeys: [[UInt8]], salt: [UInt8]? = Serializer.defaultSalt, signer: SignerOptions = SignerOptions(),
        fallbackSigners: [SignerOptions] = [], clock: Clock = .system, epoch: TimestampEpoch = .unix,
        limits: Limits = .default
    ) throws(SignetError) -> Serializer {
        try Serializer(
            row: .urlSafeTimedSerializer, secretKeys: secretKeys, salt: salt, signer: signer,
            fallbackSigners: fallbackSigners, clock: clock, epoch: epoch, limits: limits)
    }

    /// A row's payload, JSON and timing with a caller's salt and signer (the factories' arguments).
    private init(
        row: Profile, secretKeys: [[UInt8]], salt: [UInt8]?, signer: SignerOptions, fallbackSigners: [SignerOptions],
        clock: Clock, epoch: TimestampEpoch, limits: Limits
    ) throws(SignetError) {
        try self.init(
            secretKeys: secretKeys, salt: salt, signer: signer, fallbackSigners: fallbackSigners,
            payloadEncoding: row.payloadEncoding, jsonOptions: row.jsonOptions,
            timing: row.timing(clock: clock, epoch: epoch), limits: limits)
    }
}

extension Serializer.Timing {
    /// How timestamps are written; nil when untimed.
    var coding: TimestampCoding? {
        switch self {
        case .untimed: return nil
        case .timed(_, let epoch): return .itsdangerous(epoch)
        case .base62: return .djangoBase62
        }
    }

    /// The timestamp signer over `signer`; nil when untimed.
    func timestampSigner(_ signer: Signer) -> TimestampSigner? {
        switch self {
        case .untimed: return nil
        case .timed(let clock, let epoch): return TimestampSigner(signer: signer, clock: clock, coding: .itsdangerous(epoch))
        case .base62(let clock): return TimestampSigner(signer: signer, clock: clock, coding: .djangoBase62)
        }
    }
}

/// Runs `body` over the bytes of `collection`, copying only when it is not contiguous.
package func withContiguousBytes<C: Collection<UInt8>, R>(
    _ collection: C, _ body: (UnsafeRawBufferPointer) throws(SignetError) -> R
) throws(SignetError) -> R {
    let direct = collection.withContiguousStorageIfAvailable { buffer in
        Result { () throws(SignetError) in try body(UnsafeRawBufferPointer(buffer)) }
    }
    if let direct { return try direct.get() }
    let copy = Array(collection)
    return try copy.withUnsafeBytes { bytes in
        Result { () throws(SignetError) in try body(bytes) }
    }.get()
}
