extension FlaskSessions {
    /// Mints a cookie from any `Encodable` whose encoding is a dictionary (a struct, a
    /// `[String: ...]`).
    ///
    /// - Throws: `SignetError` (`.unserializable` when the value is not a dictionary), or the
    ///   value's own `EncodingError`.
    public func mint<T: Encodable>(encoding value: T, timestamp: Int64? = nil) throws -> String {
        guard case .dict(let session) = try SessionEncoder().encode(value) else {
            throw SignetError(.unserializable, "a Flask session must encode as a dictionary")
        }
        return try mint(session, timestamp: timestamp)
    }

    /// Verifies `cookie` and decodes its session into `type`.
    ///
    /// - Throws: `SignetError` for a cookie that does not verify, `DecodingError` for a
    ///   session whose shape does not match `type`.
    public func verify<T: Decodable>(_ cookie: String, as type: T.Type, now: Int64? = nil) throws -> (value: T, signedAt: Int64) {
        let verified = try verify(cookie, now: now)
        return (try SessionDecoder().decode(type, from: .dict(verified.session)), verified.signedAt)
    }
}
