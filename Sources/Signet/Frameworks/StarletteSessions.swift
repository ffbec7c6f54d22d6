/// Reads and writes the session cookies of Starlette's `SessionMiddleware` (and so FastAPI's):
/// `itsdangerous.TimestampSigner(secret_key)` over standard base64 of `json.dumps(session)`.
///
/// ```swift
/// let sessions = try StarletteSessions(secretKey: "dev-key")
/// let cookie = try sessions.mint(json: #"{"user_id": 42}"#)
/// let verified = try sessions.verify(cookie)   // verified.json == #"{"user_id": 42}"#
/// ```
///
/// Immutable and `Sendable`: create one at start-up and share it between tasks and threads.
public struct StarletteSessions: Sendable {
    /// Everything `SessionMiddleware` lets an app change.
    public struct Configuration: Sendable {
        /// `secret_key` (Starlette has no fallback keys).
        public var secretKey: [UInt8]
        /// `max_age` in seconds (14 days); nil accepts any age and writes no `Max-Age`.
        public var maxAge: Int64?
        /// `session_cookie`, `session` by default.
        public var cookieName: String
        /// `path`, `/` by default.
        public var path: String
        /// `same_site`, `lax` by default.
        public var sameSite: Cookie.SameSite
        /// `https_only`: adds `secure`.
        public var httpsOnly: Bool
        /// `domain`.
        public var domain: String?
        /// `partitioned`.
        public var partitioned: Bool
        /// Where "now" comes from when no time is given.
        public var clock: Clock
        /// Bounds on untrusted input.
        public var limits: Limits

        public init(
            secretKey: [UInt8], maxAge: Int64? = StarletteSessions.defaultMaxAge, cookieName: String = "session",
            path: String = "/", sameSite: Cookie.SameSite = .lax, httpsOnly: Bool = false, domain: String? = nil,
            partitioned: Bool = false, clock: Clock = .system, limits: Limits = .default
        ) {
            self.secretKey = secretKey
            self.maxAge = maxAge
            self.cookieName = cookieName
            self.path = path
            self.sameSite = sameSite
            self.httpsOnly = httpsOnly
            self.domain = domain
            self.partitioned = partitioned
            self.clock = clock
            self.limits = limits
        }
    }

    /// 14 days, `SessionMiddleware`'s default `max_age`.
    public static let defaultMaxAge: Int64 = Profile.starletteSession.maxAge!

    public let configuration: Configuration
    private let profile: JSONTextProfile

    /// Throws `.emptyKey` for an empty key.
    public init(_ configuration: Configuration) throws(SignetError) {
        self.configuration = configuration
        let row = Profile.starletteSession
        let serializer = try JSONTextProfile.serializer(
            row, secretKeys: [configuration.secretKey], clock: configuration.clock, limits: configuration.limits)
        profile = JSONTextProfile(row, serializer: serializer, maxAge: configuration.maxAge)
    }

    /// `SessionMiddleware(app, secret_key=secretKey, max_age=maxAge)`.
    public init(secretKey: String, maxAge: Int64? = StarletteSessions.defaultMaxAge) throws(SignetError) {
        try self.init(Configuration(secretKey: Array(secretKey.utf8), maxAge: maxAge))
    }

    /// The cookie value for the session in `json` (a JSON object), signed at `timestamp` (Unix
    /// seconds) or now: byte-identical to Starlette's for `json.loads(json)`.
    public func mint<C: Collection<UInt8>>(json: C, timestamp: Int64? = nil) throws(SignetError) -> String {
        try profile.mint(json: json, timestamp: timestamp)
    }

    /// The cookie value for the session in `json`.
    public func mint(json: String, timestamp: Int64? = nil) throws(SignetError) -> String {
        try profile.mint(json: Array(json.utf8), timestamp: timestamp)
    }

    /// Verifies `cookie` (signature, then `maxAge`) and returns the session as `json.dumps`
    /// writes it. `error.isA(.badSignature)` is what makes Starlette start an empty session.
    public func verify<C: Collection<UInt8>>(_ cookie: C, now: Int64? = nil) throws(SignetError) -> VerifiedJSON {
        try profile.verify(cookie, now: now)
    }

    /// Verifies a cookie given as a string.
    public func verify(_ cookie: String, now: Int64? = nil) throws(SignetError) -> VerifiedJSON {
        // Its UTF-8 in place (a native string's own storage): no copy, no allocation.
        try profile.verify(cookie.utf8, now: now)
    }

    /// The session in `cookie` **without** checking its signature or age (debugging, auditing).
    public func decodeUnsafe<C: Collection<UInt8>>(_ cookie: C) throws(SignetError) -> String {
        try profile.decodeUnsafe(cookie)
    }

    /// The `Set-Cookie` value `SessionMiddleware` writes for `value`, with this configuration's
    /// cookie settings (see the static `setCookie`).
    public func setCookie(value: String) throws(SignetError) -> String {
        let c = configuration
        return try StarletteSessions.setCookie(
            value: value, name: c.cookieName, path: c.path, maxAge: c.maxAge, sameSite: c.sameSite, httpsOnly: c.httpsOnly,
            domain: c.domain, partitioned: c.partitioned)
    }

    /// The `Set-Cookie` value `SessionMiddleware` writes when a session is cleared.
    public func deletion() throws(SignetError) -> String {
        let c = configuration
        return try StarletteSessions.deletion(
            name: c.cookieName, path: c.path, sameSite: c.sameSite, httpsOnly: c.httpsOnly, domain: c.domain,
            partitioned: c.partitioned)
    }

    /// The `Set-Cookie` value `SessionMiddleware` writes for `value`:
    /// `session=VALUE; path=/; Max-Age=1209600; httponly; samesite=lax` with the defaults.
    /// Throws `.badCookie` for a name that is not a token, a value outside RFC 6265's
    /// cookie-octets, a path with a space, a control byte or `;`, or a domain other than an
    /// ASCII host name (Starlette writes them as given).
    public static func setCookie(
        value: String, name: String = "session", path: String = "/", maxAge: Int64? = defaultMaxAge,
        sameSite: Cookie.SameSite = .lax, httpsOnly: Bool = false, domain: String? = nil, partitioned: Bool = false
    ) throws(SignetError) -> String {
        try header(
            name: name, value: value, path: path, lifetime: maxAge.map { "Max-Age=\($0); " } ?? "", sameSite: sameSite,
            httpsOnly: httpsOnly, domain: domain, partitioned: partitioned)
    }

    /// The `Set-Cookie` value `SessionMiddleware` writes when a session is cleared:
    /// `session=null; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax`.
    public static func deletion(
        name: String = "session", path: String = "/", sameSite: Cookie.SameSite = .lax, httpsOnly: Bool = false,
        domain: String? = nil, partitioned: Bool = false
    ) throws(SignetError) -> String {
        try header(
            name: name, value: "null", path: path, lifetime: "expires=Thu, 01 Jan 1970 00:00:00 GMT; ", sameSite: sameSite,
            httpsOnly: httpsOnly, domain: domain, partitioned: partitioned)
    }

    private static func header(
        name: String, value: String, path: String, lifetime: String, sameSite: Cookie.SameSite, httpsOnly: Bool,
        domain: String?, partitioned: Bool
    ) throws(SignetError) -> String {
        guard !name.isEmpty, name.utf8.allSatisfy(Cookie.isTokenByte) else {
            throw SignetError(.badCookie, "The cookie name is not an RFC 6265 token")
        }
        guard value.utf8.allSatisfy(Cookie.isValueByte) else {
            throw SignetError(.badCookie, "The cookie value has a byte outside RFC 6265's cookie-octets")
        }
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }) else {
            throw SignetError(.badCookie, "The path has a space, a control byte, a non-ASCII byte or ';'")
        }
        var flags = "httponly; samesite=" + sameSite.rawValue.lowercased()
        if httpsOnly { flags += "; secure" }
        if let domain {
            guard !domain.isEmpty, domain.utf8.allSatisfy(Cookie.isHostByte) else {
                throw SignetError(.badCookie, "Domain must be an ASCII host name (use the punycode form)")
            }
            flags += "; domain=" + domain
        }
        if partitioned { flags += "; partitioned" }
        return "\(name)=\(value); path=\(path); \(lifetime)\(flags)"
    }
}
