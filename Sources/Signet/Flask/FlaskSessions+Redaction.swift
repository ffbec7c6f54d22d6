/// A configuration holds `SECRET_KEY` and its fallbacks in the clear; printing, dumping or
/// logging one (or the `FlaskSessions` around it) shows their lengths only.
extension FlaskSessions.Configuration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "FlaskSessions.Configuration(secretKey: <\(secretKey.count) bytes redacted>, fallbackKeys: \(fallbackKeys.count) redacted, "
            + "salt: \(String(decoding: salt, as: UTF8.self).debugDescription), digest: \(digest), keyDerivation: \(keyDerivation), "
            + "maxAge: \(maxAge.map(String.init) ?? "nil"), limits: \(limits))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "secretKey": "<\(secretKey.count) bytes redacted>", "fallbackKeys": "<\(fallbackKeys.count) keys redacted>",
            "salt": salt, "digest": digest, "keyDerivation": keyDerivation, "maxAge": maxAge as Any, "limits": limits,
        ], displayStyle: .struct)
    }
}
