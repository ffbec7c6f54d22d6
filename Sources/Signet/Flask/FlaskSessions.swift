/// A verified Flask session and when it was signed.
public struct VerifiedSession: Sendable, Hashable {
    /// The session dictionary.
    public let session: SessionDict
    /// When the cookie was signed, in Unix seconds.
    public let signedAt: Int64
}

/// Reads and writes the session cookies of a Flask 3.1 app (`SecureCookieSessionInterface`).
///
/// ```swift
/// let sessions = try FlaskSessions(secretKey: "dev-key", fallbackKeys: ["old-key"])
/// let cookie = try sessions.mint(["user_id": "42", "cart": .tuple([1, 2])])
/// let verified = try sessions.verify(cookie)
/// ```
///
/// Immutable and `Sendable`: create one at start-up and share it between tasks and threads.
public struct FlaskSessions: Sendable {
    /// Everything Flask lets an app change about its session signing.
    public struct Configuration: Sendable {
        /// `SECRET_KEY`: signs new cookies, and is tried first when verifying.
        public var secretKey: [UInt8]
        /// `SECRET_KEY_FALLBACKS`, oldest first: tried after `secretKey`, last to first.
        public var fallbackKeys: [[UInt8]]
        /// `salt`, `cookie-session` in Flask.
        public var salt: [UInt8]
        /// `digest_method`, SHA-1 in Flask.
        public var digest: DigestAlgorithm
        /// `key_derivation`, `hmac` in Flask.
        public var keyDerivation: KeyDerivation
        /// `PERMANENT_SESSION_LIFETIME` in seconds (31 days): Flask verifies every cookie with it.
        /// nil accepts any age.
        public var maxAge: Int64?
        /// Where "now" comes from when no time is given.
        public var clock: Clock
        /// Bounds on untrusted input.
        public var limits: Limits

        public init(
            secretKey: [UInt8],
            fallbackKeys: [[UInt8]] = [],
            salt: [UInt8] = Profile.flaskSession.salt,
            digest: DigestAlgorithm = Profile.flaskSession.digest,
            keyDerivation: KeyDerivation = Profile.flaskSession.keyDerivation,
            maxAge: Int64? = FlaskSessions.defaultMaxAge,
            clock: Clock = .system,
            limits: Limits = .default
        ) {
            self.secretKey = secretKey
            self.fallbackKeys = fallbackKeys
            self.salt = salt
            self.digest = digest
            self.keyDerivation = keyDerivation
            self.maxAge = maxAge
            self.clock = clock
            self.limits = limits
        }
    }

    /// 31 days, Flask's default `PERMANENT_SESSION_LIFETIME`.
    public static let defaultMaxAge: Int64 = Profile.flaskSession.maxAge!

    public var configuration: Configuration { state.configuration }
    /// The itsdangerous serializer underneath (`URLSafeTimedSerializer` with Flask's JSON).
    public var serializer: Serializer { state.serializer }
    /// The allocation-light path for the common case (see ``FastTokens``).
    private var fast: FastTokens { state.fast }

    /// Everything, behind one reference: a `FlaskSessions` is then one word, passed in a
    /// register, where the fields themselves (about 200 bytes) were copied to the stack for
    /// every call made on a stored `FlaskSessions`.
    private let state: State

    private final class State: Sendable {
        let configuration: Configuration
        let serializer: Serializer
        let fast: FastTokens

        init(configuration: Configuration, serializer: Serializer, fast: FastTokens) {
            self.configuration = configuration
            self.serializer = serializer
            self.fast = fast
        }
    }

    /// Throws `.emptyKey` when `secretKey` or any fallback key is empty (Flask refuses to sign
    /// without `SECRET_KEY`; an empty fallback, which Flask accepts, would let anyone forge).
    public init(_ configuration: Configuration) throws(SignetError) {
        let profile = Profile.flaskSession
        let serializer = try Serializer(
            secretKeys: configuration.fallbackKeys + [configuration.secretKey],
            salt: configuration.salt,
            signer: SignerOptions(
                separator: profile.separator, keyDerivation: configuration.keyDerivation, digest: configuration.digest),
            payloadEncoding: profile.payloadEncoding,
            jsonOptions: profile.jsonOptions,
            timing: .timed(clock: configuration.clock, epoch: .unix),
            limits: configuration.limits)
        state = State(
            configuration: configuration, serializer: serializer,
            fast: FastTokens(serializer: serializer, flaskTags: profile.flaskTags))
    }

    /// Flask's defaults with `SECRET_KEY` and `SECRET_KEY_FALLBACKS` (oldest first). Throws
    /// `.emptyKey` when any of them is empty.
    public init(secretKey: String, fallbackKeys: [String] = [], maxAge: Int64? = FlaskSessions.defaultMaxAge) throws(SignetError) {
        try self.init(Configuration(
            secretKey: Array(secretKey.utf8), fallbackKeys: fallbackKeys.map { Array($0.utf8) }, maxAge: maxAge))
    }

    // MARK: Minting

    /// The cookie value for `session`, signed with `secretKey` at `timestamp` (Unix seconds) or
    /// now: byte-identical to what Flask writes for the same session, key and time.
    ///
    /// `timestamp` must lie in 0...253402300799 (up to 9999-12-31T23:59:59Z, Python's last
    /// `datetime`): a cookie stamped later is refused by every verifier, Signet's included
    /// (`.malformedTimestamp`). The C API refuses such a time when minting.
    public func mint(_ session: SessionDict, timestamp: Int64? = nil) throws(SignetError) -> String {
        String(decoding: try mintBytes(session, timestamp: timestamp), as: UTF8.self)
    }

    /// The cookie bytes for `session`.
    public func mintBytes(_ session: SessionDict, timestamp: Int64? = nil) throws(SignetError) -> [UInt8] {
        try signedCookie(taggedJSONOf: .dict(session), timestamp: timestamp)
    }

    private func signedCookie(taggedJSONOf session: SessionValue, timestamp: Int64?) throws(SignetError) -> [UInt8] {
        // The JSON is signed where it was written (this thread's scratch memory); payload,
        // timestamp and signature go straight into the one array returned. The closure
        // captures `fast` alone: capturing `self` would copy it (retains and releases per call).
        let fast = fast
        let signed = try PythonJSON.withTaggedJSON(session, options: .flask, limits: configuration.limits.json) { (json) -> (bytes: [UInt8], isToken: Bool) in
            let text = UnsafeRawBufferPointer(json)
            var outcome = FastOutcome.general
            let token = [UInt8](unsafeUninitializedCapacity: fast.signedLengthBound(text.count)) { buffer, count in
                outcome = fast.sign(json: text, timestamp: timestamp, into: UnsafeMutableRawBufferPointer(buffer))
                if case .done(let length, _) = outcome { count = length } else { count = 0 }
            }
            if case .done = outcome { return (token, true) }
            return (Array(json), false)
        }
        if signed.isToken { return signed.bytes }
        return serializer.signPayload(serializer.payloadEncoding.encode(signed.bytes), timestamp: timestamp)
    }

    /// The cookie for a session given as tagged JSON text (what `signet.h` and the command
    /// line take): the JSON is checked, its tags validated, and re-serialised the way Flask does.
    public func mint<C: Collection<UInt8>>(taggedJSON: C, timestamp: Int64? = nil) throws(SignetError) -> String {
        String(decoding: try mintBytes(taggedJSON: taggedJSON, timestamp: timestamp), as: UTF8.self)
    }

    /// The cookie bytes for a session given as tagged JSON text (see `mint(taggedJSON:timestamp:)`).
    public func mintBytes<C: Collection<UInt8>>(taggedJSON: C, timestamp: Int64? = nil) throws(SignetError) -> [UInt8] {
        let session = try FlaskSessions.session(fromTaggedJSON: taggedJSON, limits: configuration.limits)
        return try signedCookie(taggedJSONOf: .dict(session), timestamp: timestamp)
    }

    // MARK: Verifying

    /// Verifies `cookie` and returns its session and signing time.
    ///
    /// - Parameters:
    ///   - cookie: the cookie's value, as ``Cookie/value(named:inHeaderBytes:)`` returns it.
    ///   - now: Unix seconds to judge the age against; the clock's time when nil.
    /// - Throws: a `SignetError`; `error.isA(.badSignature)` is what makes Flask start an
    ///   empty session, `.badPayload` what makes it fail the request.
    // Inlinable, so that the caller's module specializes the one generic step (reaching the
    // bytes): generic code here would look up type metadata on every call.
    @inlinable
    public func verify<C: Collection<UInt8>>(_ cookie: C, now: Int64? = nil) throws(SignetError) -> VerifiedSession {
        try withContiguousBytes(cookie) { (bytes) throws(SignetError) in try verify(bytes: bytes, now: now) }
    }

    @usableFromInline
    func verify(bytes cookie: UnsafeRawBufferPointer, now: Int64?) throws(SignetError) -> VerifiedSession {
        // The closure captures the limits alone: capturing `self` would copy it (a retain and a
        // release of each of its references per call).
        let limits = configuration.limits.json
        return try withVerifiedJSON(cookie, now: now) { (json, signedAt) throws(SignetError) in
            // One pass over the text: the session is built and untagged as it is read.
            let session = try SessionBuilder.session(json, limits: limits, years: .python)
            return VerifiedSession(session: session, signedAt: signedAt)
        }
    }

    /// Calls `body` with the JSON text of `cookie` once it is verified (`unsign` and
    /// `load_payload`'s decoding), and its signing time.
    private func withVerifiedJSON<R>(
        _ bytes: UnsafeRawBufferPointer, now: Int64?, _ body: (UnsafeRawBufferPointer, Int64) throws(SignetError) -> R
    ) throws(SignetError) -> R {
        // The common case: a cookie of the usual size decoded in this frame, as the C API's
        // `verify` does (no thread-specific data to look up); a larger one, or a compressed
        // payload, in this thread's scratch memory.
        try withUnsafeTemporaryAllocation(byteCount: Base64URL.decodedLength(FastTable.onStackTokenLength), alignment: 16) {
            (buffer) throws(SignetError) -> R in
            let onStack = bytes.count <= FastTable.onStackTokenLength ? buffer : nil
            if let (json, signedAt) = fast.verifiedJSON(bytes, maxAge: configuration.maxAge, now: now, decodingInto: onStack) {
                return try body(json, signedAt ?? 0)
            }
            let (payload, timestamp) = try serializer.unsignPayload(bytes, maxAge: configuration.maxAge, now: now)
            let json = try serializer.payloadEncoding.decode(payload, limits: configuration.limits)
            return try withContiguousBytes(json) { (text) throws(SignetError) in try body(text, timestamp ?? 0) }
        }
    }

    /// Verifies a cookie given as a string.
    public func verify(_ cookie: String, now: Int64? = nil) throws(SignetError) -> VerifiedSession {
        // Its UTF-8 in place (a native string's own storage): no copy, no allocation.
        try verify(cookie.utf8, now: now)
    }

    /// Verifies `cookie` and returns the session as Flask's canonical tagged JSON (sorted keys,
    /// ASCII escapes, compact) with its signing time.
    public func verifyTaggedJSON<C: Collection<UInt8>>(_ cookie: C, now: Int64? = nil) throws(SignetError) -> (json: [UInt8], signedAt: Int64) {
        try withContiguousBytes(cookie) { (bytes) throws(SignetError) in try verifiedTaggedJSON(bytes, now: now) }
    }

    private func verifiedTaggedJSON(_ cookie: UnsafeRawBufferPointer, now: Int64?) throws(SignetError) -> (json: [UInt8], signedAt: Int64) {
        try withVerifiedJSON(cookie, now: now) { (json, signedAt) throws(SignetError) in
            // As Flask writes it (the usual case): handed out as it is.
            if FastPath.isEnabled && CanonicalCheck.isCanonical(json, flaskTags: true, limits: configuration.limits.json) {
                return (Array(json), signedAt)
            }
            let session = try SessionBuilder.session(json, limits: configuration.limits.json, years: .python)
            return (try FlaskSessions.taggedJSON(session, limits: configuration.limits), signedAt)
        }
    }

    /// Reads a cookie's session **without** trusting it, for debugging and auditing: the one
    /// unverified decoder (``UnverifiedToken``, Python's `loads_unsafe`) with Flask's reading
    /// of the JSON. `verification` says whether the signature is genuine and the cookie fresh
    /// (as of `now`); the session, read whatever the verdict, is untrusted unless it is.
    /// Throws only `.tokenTooLarge`.
    public func decodeUnsafe<C: Collection<UInt8>>(_ cookie: C, now: Int64? = nil) throws(SignetError) -> UnverifiedToken<SessionDict> {
        let limits = configuration.limits
        return try withContiguousBytes(cookie) { (bytes) throws(SignetError) in
            try serializer.decodeUnverified(bytes, maxAge: configuration.maxAge, now: now) { (json) throws(SignetError) in
                try FlaskSessions.session(fromCookieJSON: json, limits: limits)
            }
        }
    }

    // MARK: Conversions

    /// Parses tagged JSON text a caller wrote into a session dictionary, validating the tags.
    /// A `" d"` date keeps its year as written when it has four digits (`0005` is year 5, as
    /// Flask's `http_date` writes it), where Flask reading a cookie would make it 2005.
    public static func session<C: Collection<UInt8>>(fromTaggedJSON text: C, limits: Limits = .default) throws(SignetError) -> SessionDict {
        try withContiguousBytes(text) { (bytes) throws(SignetError) in
            try SessionBuilder.session(bytes, limits: limits.json, years: .fourDigitsAsWritten)
        }
    }

    /// The session in a cookie's JSON text, read as Flask reads a cookie.
    static func session<C: Collection<UInt8>>(fromCookieJSON text: C, limits: Limits) throws(SignetError) -> SessionDict {
        try withContiguousBytes(text) { (bytes) throws(SignetError) in
            try SessionBuilder.session(bytes, limits: limits.json, years: .python)
        }
    }

    /// A session as Flask's canonical tagged JSON, within `limits` (nesting and integer
    /// digits, as when reading).
    public static func taggedJSON(_ session: SessionDict, limits: Limits = .default) throws(SignetError) -> [UInt8] {
        try PythonJSON.encodeTagged(.dict(session), options: .flask, limits: limits.json)
    }
}
