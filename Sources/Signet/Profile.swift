/// One row of the profile table: everything a framework or an itsdangerous class fixes about
/// its tokens, keys apart.
///
/// The table (``all``) is the one place these defaults are written: `FlaskSessions`, the
/// `Serializer` and `Signer` defaults, the C presets (`signet_options_init`,
/// `signet_preset_from_name`) and the command line's `--profile` all read it. A new framework is
/// one more row, plus a case in whichever column's type lacks its mechanism (a payload encoding,
/// a key derivation...).
public struct Profile: Sendable {
    /// What the value signed is.
    public enum Value: Sendable, Hashable {
        /// A JSON value, dumped and wrapped by the payload encoding (the serializers).
        case json
        /// Bytes signed as they are (`Signer`, `TimestampSigner`).
        case bytes
    }

    /// The names `--profile` and `signet_preset_from_name` accept; the first is the one shown.
    /// Static, so that C can return them.
    public let nameTexts: [StaticString]
    /// The Python the row mirrors, as a Python programmer would build it.
    public let python: String
    /// The salt, static so that C presets can point at it.
    public let saltText: StaticString
    public let digest: DigestAlgorithm
    public let keyDerivation: KeyDerivation
    /// Between value, timestamp and signature, static so that C presets can point at it.
    public let separatorText: StaticString
    /// Whether tokens carry the time of signing.
    public let timed: Bool
    public let value: Value
    /// How the JSON becomes the payload; compression is part of it (`.urlSafe` compresses when
    /// that is smaller, `.plain` never does).
    public let payloadEncoding: PayloadEncoding
    /// How the JSON is written when minting.
    public let jsonOptions: JSONEncodingOptions
    /// The JSON is a Flask session: an object whose tags (`" t"`, `" b"`...) are checked.
    public let flaskTags: Bool
    /// The age past which the framework refuses a token, in seconds; nil: any age.
    public let maxAge: Int64?
    /// The cookie the framework stores the token in, when it is a cookie.
    public let cookieName: String?
    /// Django's base62 timestamps (``TimestampCoding/djangoBase62``) instead of itsdangerous's.
    public var base62Timestamps = false
    /// Starlette's and Django's: the JSON crosses in the framework's own form (``jsonOptions``)
    /// when read too, not as Flask's canonical JSON.
    public var ownJSON = false
    /// The value must be a JSON object (a session) though it has no Flask tags.
    public var objectOnly = false
    /// Django reads the JSON as Latin-1: only an ASCII payload means the same to it and to Signet.
    public var asciiOnly = false

    public var names: [String] { nameTexts.map(\.description) }
    public var name: String { nameTexts[0].description }
    public var salt: [UInt8] { bytes(saltText) }
    public var separator: [UInt8] { bytes(separatorText) }
    /// The options of the signer the row's serializer makes.
    public var signerOptions: SignerOptions {
        SignerOptions(separator: separator, keyDerivation: keyDerivation, digest: digest)
    }

    /// The row called `name` (any of its ``names``).
    public static func named(_ name: String) -> Profile? {
        all.first { $0.nameTexts.contains { $0.description == name } }
    }
}

extension Profile {
    /// Every row, Flask's first: the order of the C presets.
    public static let all: [Profile] = [
        flaskSession, urlSafeTimedSerializer, urlSafeSerializer, serializer, timedSerializer, signer, timestampSigner,
        starletteSession, djangoSigning, djangoSession,
    ]

    /// Flask 3.1's `SecureCookieSessionInterface`; Quart's is the same.
    public static let flaskSession = Profile(
        nameTexts: ["flask"], python: "flask.sessions.SecureCookieSessionInterface",
        saltText: "cookie-session", digest: .sha1, keyDerivation: .hmac, separatorText: ".", timed: true,
        value: .json, payloadEncoding: .urlSafe, jsonOptions: .flask, flaskTags: true,
        // PERMANENT_SESSION_LIFETIME: 31 days.
        maxAge: 2_678_400, cookieName: "session")

    public static let urlSafeTimedSerializer = Profile(
        nameTexts: ["urlsafe-timed-serializer", "itsdangerous"], python: "itsdangerous.URLSafeTimedSerializer",
        saltText: "itsdangerous", digest: .sha1, keyDerivation: .djangoConcat, separatorText: ".", timed: true,
        value: .json, payloadEncoding: .urlSafe, jsonOptions: .compact, flaskTags: false,
        maxAge: nil, cookieName: nil)

    public static let urlSafeSerializer = Profile(
        nameTexts: ["urlsafe-serializer"], python: "itsdangerous.URLSafeSerializer",
        saltText: "itsdangerous", digest: .sha1, keyDerivation: .djangoConcat, separatorText: ".", timed: false,
        value: .json, payloadEncoding: .urlSafe, jsonOptions: .compact, flaskTags: false,
        maxAge: nil, cookieName: nil)

    public static let serializer = Profile(
        nameTexts: ["serializer"], python: "itsdangerous.Serializer",
        saltText: "itsdangerous", digest: .sha1, keyDerivation: .djangoConcat, separatorText: ".", timed: false,
        value: .json, payloadEncoding: .plain, jsonOptions: .pythonDefault, flaskTags: false,
        maxAge: nil, cookieName: nil)

    public static let timedSerializer = Profile(
        nameTexts: ["timed-serializer"], python: "itsdangerous.TimedSerializer",
        saltText: "itsdangerous", digest: .sha1, keyDerivation: .djangoConcat, separatorText: ".", timed: true,
        value: .json, payloadEncoding: .plain, jsonOptions: .pythonDefault, flaskTags: false,
        maxAge: nil, cookieName: nil)

    /// The JSON columns of the signer rows are what `signet_mint` does with these presets.
    public static let signer = Profile(
        nameTexts: ["signer"], python: "itsdangerous.Signer",
        saltText: "itsdangerous.Signer", digest: .sha1, keyDerivation: .djangoConcat, separatorText: ".", timed: false,
        value: .bytes, payloadEncoding: .urlSafe, jsonOptions: .compact, flaskTags: false,
        maxAge: nil, cookieName: nil)

    public static let timestampSigner = Profile(
        nameTexts: ["timestamp-signer"], python: "itsdangerous.TimestampSigner",
        saltText: "itsdangerous.Signer", digest: .sha1, keyDerivation: .djangoConcat, separatorText: ".", timed: true,
        value: .bytes, payloadEncoding: .urlSafe, jsonOptions: .compact, flaskTags: false,
        maxAge: nil, cookieName: nil)
}

extension Profile {
    /// Starlette's (and FastAPI's) `SessionMiddleware`: `itsdangerous.TimestampSigner(secret_key)`
    /// over standard base64 of `json.dumps(session)`.
    public static let starletteSession = Profile(
        nameTexts: ["starlette", "fastapi"], python: "starlette.middleware.sessions.SessionMiddleware",
        saltText: "itsdangerous.Signer", digest: .sha1, keyDerivation: .djangoConcat, separatorText: ".", timed: true,
        value: .json, payloadEncoding: .standardBase64, jsonOptions: .pythonDefault, flaskTags: false,
        // max_age: 14 days.
        maxAge: 1_209_600, cookieName: "session", ownJSON: true, objectOnly: true)

    /// Django's `django.core.signing.dumps` and `loads` (`compress=False`).
    public static let djangoSigning = Profile(
        nameTexts: ["django", "django-signing"], python: "django.core.signing.dumps",
        saltText: "django.core.signing", digest: .sha256, keyDerivation: .djangoConcat, separatorText: ":", timed: true,
        value: .json, payloadEncoding: .urlSafeUncompressed, jsonOptions: .compactASCII, flaskTags: false,
        maxAge: nil, cookieName: nil, base62Timestamps: true, ownJSON: true, asciiOnly: true)

    /// Django's `signed_cookies` session backend: `signing.dumps(session, compress=True,
    /// salt=...)`, verified with `SESSION_COOKIE_AGE`.
    public static let djangoSession = Profile(
        nameTexts: ["django-session"], python: "django.contrib.sessions.backends.signed_cookies.SessionStore",
        saltText: "django.contrib.sessions.backends.signed_cookies", digest: .sha256, keyDerivation: .djangoConcat,
        separatorText: ":", timed: true, value: .json, payloadEncoding: .urlSafe, jsonOptions: .compactASCII,
        flaskTags: false,
        // SESSION_COOKIE_AGE: two weeks.
        maxAge: 1_209_600, cookieName: "sessionid", base62Timestamps: true, ownJSON: true, objectOnly: true, asciiOnly: true)

    /// The row's serializer timing on `clock`.
    public func timing(clock: Clock, epoch: TimestampEpoch = .unix) -> Serializer.Timing {
        !timed ? .untimed : base62Timestamps ? .base62(clock: clock) : .timed(clock: clock, epoch: epoch)
    }
}

private func bytes(_ text: StaticString) -> [UInt8] {
    Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}
