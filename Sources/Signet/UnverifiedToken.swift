/// What a token holds, read without trusting it: itsdangerous's `loads_unsafe`, and the one
/// decoder behind `Serializer.loadsUnsafe`, `FlaskSessions.decodeUnsafe`,
/// `signet_decode_unsafe` and `signet decode`.
///
/// The token is split as Python splits it, whatever its signature: the signature after the last
/// separator; for timed tokens, the timestamp after the last separator before that one, or no
/// timestamp and the whole signed part as payload when there is no such separator. A token with
/// no separator at all has no payload. The payload then goes through the payload encoding
/// (base64, zlib), the JSON reader and the caller's own step (Flask's tags, say); whichever step
/// fails leaves no value, and ``decoded`` says why. Nothing about an odd token throws.
///
/// With keys, ``verification`` is what `loads` would have said about the signature and age.
/// Python's `(signature_valid, payload)` is ``pythonResult()``.
public struct UnverifiedToken<Value> {
    public let verification: TokenVerification
    /// The value, or why there is none: the refusal of a token without a separator, or the
    /// first failing step of the payload's decoding. Untrusted unless `verification` is genuine.
    public let decoded: Result<Value, SignetError>
    /// Whether the payload is marked compressed (a leading `.` in a URL-safe payload).
    public let compressed: Bool
    /// The timestamp, when the token is timed and it is readable (whatever the signature).
    public let signedAt: Int64?

    /// The value, nil when there is none.
    public var value: Value? { try? decoded.get() }

    /// Whether the signature is genuine (and the token fresh).
    public var signatureValid: Bool {
        if case .genuine = verification { return true }
        return false
    }

    /// `loads_unsafe`'s answer: `(signature_valid, payload or None)`. Like Python, throws only
    /// when the signature is genuine and the payload does not decode (`loads` raises there).
    public func pythonResult() throws(SignetError) -> (valid: Bool, value: Value?) {
        if case .genuine = verification, case .failure(let error) = decoded { throw error }
        return (signatureValid, value)
    }

    /// Decodes `token` as cut by `split`, with `verification` already found.
    static func decode(
        _ token: UnsafeRawBufferPointer, split: TokenSplit, verification: TokenVerification, separator: [UInt8],
        encoding: PayloadEncoding, limits: Limits, load: ([UInt8]) throws(SignetError) -> Value
    ) -> UnverifiedToken {
        guard let range = split.payload else {
            let refusal: SignetError
            if case .refused(let error) = verification { refusal = error } else { refusal = .noSeparator(separator) }
            return UnverifiedToken(verification: verification, decoded: .failure(refusal), compressed: false, signedAt: nil)
        }
        let payload = UnsafeRawBufferPointer(rebasing: token[range])
        let decoded = Result { () throws(SignetError) in try load(try encoding.decode(payload, limits: limits)) }
        return UnverifiedToken(
            verification: verification, decoded: decoded, compressed: encoding.isCompressed(payload), signedAt: split.signedAt)
    }

    /// Reads `token` without keys, as a serializer with `separator`, `encoding` and (for timed
    /// tokens) timestamps counted from `epoch` would cut it: ``verification`` is `.unchecked`.
    /// `base62`: Django's timestamps (`epoch` then only says the token is timed).
    public static func decode(
        _ token: UnsafeRawBufferPointer, separator: [UInt8] = Profile.signer.separator, timestamps epoch: TimestampEpoch?,
        base62: Bool = false, encoding: PayloadEncoding, limits: Limits = .default, load: ([UInt8]) throws(SignetError) -> Value
    ) throws(SignetError) -> UnverifiedToken {
        try limits.checkTokenLength(token.count)
        return decode(
            token, split: TokenSplit(token, separator: separator, timestamps: epoch.map { base62 ? .djangoBase62 : .itsdangerous($0) }),
            verification: .unchecked,
            separator: separator, encoding: encoding, limits: limits, load: load)
    }
}

extension UnverifiedToken: Sendable where Value: Sendable {}

/// What the signature check of an ``UnverifiedToken`` said.
public enum TokenVerification: Sendable {
    /// Genuine and, for timed tokens, fresh: `loads` would have returned the value.
    case genuine
    /// The error `loads` would have thrown for the signature or the age.
    case refused(SignetError)
    /// Read without keys (`signet decode`): nobody knows.
    case unchecked
}

/// How a token is cut, signature unchecked.
struct TokenSplit {
    /// The payload's range; nil when the token has no separator.
    let payload: Range<Int>?
    let signedAt: Int64?

    init(payload: Range<Int>?, signedAt: Int64?) {
        self.payload = payload
        self.signedAt = signedAt
    }

    /// Python's cut of `token` (`rsplit(sep, 1)` for the signature, then for the timestamp when
    /// `coding` says the token is timed).
    init(_ token: UnsafeRawBufferPointer, separator: [UInt8], timestamps coding: TimestampCoding?) {
        let find = { (range: Range<Int>) in
            separator.withUnsafeBufferPointer { Signer.lastIndex(of: $0, in: UnsafeRawBufferPointer(rebasing: token[range])) }
        }
        guard let signature = find(0..<token.count) else {
            self.init(payload: nil, signedAt: nil)
            return
        }
        guard let coding, let stamp = find(0..<signature) else {
            self.init(payload: 0..<signature, signedAt: nil)
            return
        }
        let text = UnsafeRawBufferPointer(rebasing: token[(stamp + separator.count)..<signature])
        self.init(payload: 0..<stamp, signedAt: coding.decode(text) ?? nil)
    }
}

extension Serializer {
    /// `loads_unsafe` with the caller's last decoding step: the verdict of `loads` on the
    /// signature and age, and the value whatever the verdict (see ``UnverifiedToken``). Throws
    /// only `.tokenTooLarge`.
    ///
    /// A refused token is cut with the separator of the last signer tried, whose error Python
    /// keeps; a genuine one as it verified.
    public func decodeUnverified<Value>(
        _ token: UnsafeRawBufferPointer, maxAge: Int64? = nil, now: Int64? = nil,
        load: ([UInt8]) throws(SignetError) -> Value
    ) throws(SignetError) -> UnverifiedToken<Value> {
        try limits.checkTokenLength(token.count)
        do {
            let (payload, timestamp) = try unsignPayload(token, maxAge: maxAge, now: now)
            let start = payload.baseAddress.map { $0 - token.baseAddress! } ?? 0
            let split = TokenSplit(payload: start..<(start + payload.count), signedAt: timestamp)
            return UnverifiedToken.decode(
                token, split: split, verification: .genuine, separator: signer.separator,
                encoding: payloadEncoding, limits: limits, load: load)
        } catch {
            let separator = unsigners.last!.separator
            return UnverifiedToken.decode(
                token, split: TokenSplit(token, separator: separator, timestamps: timing.coding),
                verification: .refused(error), separator: separator, encoding: payloadEncoding, limits: limits, load: load)
        }
    }
}
