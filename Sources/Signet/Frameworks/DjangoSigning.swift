/// Django's `django.core.signing.dumps` and `loads`: compact ASCII JSON, URL-safe base64
/// (zlib first, marked by a leading `.`, when asked and when it saves more than a byte), a
/// base62 timestamp and an HMAC of `salt + "signer" + key`, all joined by `:`.
///
/// ```swift
/// let signing = try DjangoSigning(secretKey: "django-insecure-key")
/// let token = try signing.mint(json: #"{"user": 42}"#)
/// let verified = try signing.verify(token)   // verified.json == #"{"user":42}"#
/// ```
///
/// Immutable and `Sendable`: create one at start-up and share it between tasks and threads.
public struct DjangoSigning: Sendable {
    /// Everything `signing.dumps`, `signing.loads` and the settings they read let an app change.
    public struct Configuration: Sendable {
        /// `SECRET_KEY`: signs, and is tried first when verifying.
        public var secretKey: [UInt8]
        /// `SECRET_KEY_FALLBACKS`: tried after `secretKey`, in their order.
        public var fallbackKeys: [[UInt8]]
        /// `salt`, `django.core.signing` by default. Empty means Django's class default,
        /// `django.core.signing.TimestampSigner` (Django's `salt or ...`).
        public var salt: [UInt8]
        /// `compress`: zlib when it saves more than a byte.
        public var compress: Bool
        /// `max_age` in seconds; nil accepts any age. Django accepts a future timestamp.
        public var maxAge: Int64?
        /// The `TimestampSigner` algorithm: SHA-256 (Django 3.1+), or the legacy SHA-1.
        public var digest: DigestAlgorithm
        /// Where "now" comes from when no time is given.
        public var clock: Clock
        /// Bounds on untrusted input.
        public var limits: Limits

        public init(
            secretKey: [UInt8], fallbackKeys: [[UInt8]] = [], salt: [UInt8] = Array(DjangoSigning.defaultSalt.utf8),
            compress: Bool = false, maxAge: Int64? = nil, digest: DigestAlgorithm = Profile.djangoSigning.digest, clock: Clock = .system,
            limits: Limits = .default
        ) {
            self.secretKey = secretKey
            self.fallbackKeys = fallbackKeys
            self.salt = salt
            self.compress = compress
            self.maxAge = maxAge
            self.digest = digest
            self.clock = clock
            self.limits = limits
        }
    }

    /// `signing.dumps`'s default salt.
    public static let defaultSalt = Profile.djangoSigning.saltText.description

    public let configuration: Configuration
    private let profile: JSONTextProfile

    /// Throws `.emptyKey` when any key is empty.
    public init(_ configuration: Configuration) throws(SignetError) {
        self.init(configuration, profile: try DjangoSigning.profile(configuration, row: .djangoSigning))
    }

    /// `signing.dumps(obj, key, salt, compress=compress)` and `signing.loads(s, key, salt,
    /// max_age=maxAge, fallback_keys=fallbackKeys)`.
    public init(
        secretKey: String, fallbackKeys: [String] = [], salt: String = DjangoSigning.defaultSalt, compress: Bool = false,
        maxAge: Int64? = nil
    ) throws(SignetError) {
        try self.init(Configuration(
            secretKey: Array(secretKey.utf8), fallbackKeys: fallbackKeys.map { Array($0.utf8) }, salt: Array(salt.utf8),
            compress: compress, maxAge: maxAge))
    }

    init(_ configuration: Configuration, profile: JSONTextProfile) {
        self.configuration = configuration
        self.profile = profile
    }

    static func profile(_ c: Configuration, row: Profile) throws(SignetError) -> JSONTextProfile {
        // Signet tries keys newest (last) first: Django's order is SECRET_KEY, then each fallback.
        let serializer = try JSONTextProfile.serializer(
            row, secretKeys: c.fallbackKeys.reversed() + [c.secretKey],
            salt: c.salt.isEmpty ? Array("django.core.signing.TimestampSigner".utf8) : c.salt, digest: c.digest,
            payloadEncoding: c.compress ? .urlSafe : .urlSafeUncompressed, clock: c.clock, limits: c.limits)
        return JSONTextProfile(row, serializer: serializer, maxAge: c.maxAge)
    }

    /// The token for the value in `json`, signed at `timestamp` (Unix seconds) or now:
    /// byte-identical to `signing.dumps(json.loads(json), ...)`.
    public func mint<C: Collection<UInt8>>(json: C, timestamp: Int64? = nil) throws(SignetError) -> String {
        try profile.mint(json: json, timestamp: timestamp)
    }

    /// The token for the value in `json`.
    public func mint(json: String, timestamp: Int64? = nil) throws(SignetError) -> String {
        try profile.mint(json: Array(json.utf8), timestamp: timestamp)
    }

    /// Verifies `token` (signature with each key, then `maxAge`) and returns its value as
    /// Django's `JSONSerializer` writes it.
    public func verify<C: Collection<UInt8>>(_ token: C, now: Int64? = nil) throws(SignetError) -> VerifiedJSON {
        try profile.verify(token, now: now)
    }

    /// Verifies a token given as a string.
    public func verify(_ token: String, now: Int64? = nil) throws(SignetError) -> VerifiedJSON {
        // Its UTF-8 in place (a native string's own storage): no copy, no allocation.
        try profile.verify(token.utf8, now: now)
    }

    /// The value in `token` **without** checking its signature or age (debugging, auditing).
    public func decodeUnsafe<C: Collection<UInt8>>(_ token: C) throws(SignetError) -> String {
        try profile.decodeUnsafe(token)
    }
}

/// Reads and writes the cookies of Django's `signed_cookies` session backend: `signing.dumps`
/// with salt `django.contrib.sessions.backends.signed_cookies`, `compress=True`, verified with
/// `max_age=SESSION_COOKIE_AGE`, in the cookie `sessionid`.
///
/// ```swift
/// let sessions = try DjangoSessions(secretKey: "django-insecure-key")
/// let cookie = try sessions.mint(json: #"{"_auth_user_id": "1"}"#)
/// ```
public struct DjangoSessions: Sendable {
    /// The backend's salt.
    public static let salt = Profile.djangoSession.saltText.description
    /// `SESSION_COOKIE_AGE`'s default: two weeks.
    public static let defaultMaxAge: Int64 = Profile.djangoSession.maxAge!
    /// `SESSION_COOKIE_NAME`'s default.
    public static let defaultCookieName = Profile.djangoSession.cookieName!

    /// The signing underneath (its `configuration` holds keys, age and clock).
    public let signing: DjangoSigning

    /// `SECRET_KEY`, `SECRET_KEY_FALLBACKS` (tried in order) and `SESSION_COOKIE_AGE`; nil
    /// accepts any age. Throws `.emptyKey` when any key is empty.
    public init(
        secretKey: [UInt8], fallbackKeys: [[UInt8]] = [], maxAge: Int64? = DjangoSessions.defaultMaxAge,
        digest: DigestAlgorithm = Profile.djangoSession.digest, clock: Clock = .system, limits: Limits = .default
    ) throws(SignetError) {
        let configuration = DjangoSigning.Configuration(
            secretKey: secretKey, fallbackKeys: fallbackKeys, salt: Profile.djangoSession.salt, compress: true,
            maxAge: maxAge, digest: digest, clock: clock, limits: limits)
        signing = DjangoSigning(configuration, profile: try DjangoSigning.profile(configuration, row: .djangoSession))
    }

    /// The same from UTF-8 strings.
    public init(secretKey: String, fallbackKeys: [String] = [], maxAge: Int64? = DjangoSessions.defaultMaxAge) throws(SignetError) {
        try self.init(secretKey: Array(secretKey.utf8), fallbackKeys: fallbackKeys.map { Array($0.utf8) }, maxAge: maxAge)
    }

    /// The cookie value for the session in `json` (a JSON object), as the backend's `save`.
    public func mint(json: String, timestamp: Int64? = nil) throws(SignetError) -> String {
        try signing.mint(json: json, timestamp: timestamp)
    }

    /// The cookie value for the session in `json` given as bytes.
    public func mint<C: Collection<UInt8>>(json: C, timestamp: Int64? = nil) throws(SignetError) -> String {
        try signing.mint(json: json, timestamp: timestamp)
    }

    /// Verifies `cookie` as the backend's `load` (any error there starts an empty session).
    public func verify(_ cookie: String, now: Int64? = nil) throws(SignetError) -> VerifiedJSON {
        try signing.verify(cookie, now: now)
    }

    /// Verifies `cookie` given as bytes.
    public func verify<C: Collection<UInt8>>(_ cookie: C, now: Int64? = nil) throws(SignetError) -> VerifiedJSON {
        try signing.verify(cookie, now: now)
    }

    /// The session in `cookie` **without** checking its signature or age (debugging, auditing).
    public func decodeUnsafe<C: Collection<UInt8>>(_ cookie: C) throws(SignetError) -> String {
        try signing.decodeUnsafe(cookie)
    }
}
