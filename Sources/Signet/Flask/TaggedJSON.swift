/// Flask's `TaggedJSONSerializer` (`flask/json/tag.py`): session values to plain JSON values
/// with one-key tag objects, and back.
public enum TaggedJSON {
    /// The registered tag keys.
    public static let tagKeys: Set<JSONString> = [" di", " t", " b", " m", " u", " d"]

    /// `TaggedJSONSerializer.tag`: tags tried in Flask's order (`" di"`, dict, `" t"`, list,
    /// `" b"`, `" m"`, `" u"`, `" d"`).
    public static func tag(_ value: SessionValue) throws(SignetError) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .integer(i)
        case .float(let f): return .float(f)
        case .string(let s): return .string(s)
        case .dict(let dict):
            if dict.count == 1, let only = dict.members.first, tagKeys.contains(only.key) {
                let escapedKey = JSONString(uncheckedWTF8: only.key.wtf8 + Array("__".utf8))
                return tagged(" di", .object(JSONObject([(escapedKey, try tag(only.value))])))
            }
            var members = [(key: JSONString, value: JSONValue)]()
            members.reserveCapacity(dict.count)
            for member in dict.members { members.append((member.key, try tag(member.value))) }
            // A SessionDict's keys are already unique: no need to deduplicate them again.
            return .object(JSONObject(uniqueMembers: members))
        case .tuple(let items):
            return tagged(" t", .array(try tagAll(items)))
        case .list(let items):
            return .array(try tagAll(items))
        case .bytes(let bytes):
            return tagged(" b", .string(JSONString(StandardBase64.encode(bytes))))
        case .markup(let html):
            return tagged(" m", .string(html))
        case .uuid(let uuid):
            return tagged(" u", .string(JSONString(uuid.hex)))
        case .datetime(let seconds):
            guard let text = HTTPDate.format(seconds) else {
                throw SignetError(.unserializable, "datetime \(seconds) is outside years 1 to 9999")
            }
            return tagged(" d", .string(JSONString(text)))
        }
    }

    /// `TaggedJSONSerializer._untag_scan`: plain JSON back to session values, inside out.
    ///
    /// Throws `.badPayload` when a tag holds the wrong type: Python raises there too (Flask
    /// then fails the request), except for an unparseable `" d"`, which Python reads as `None`.
    /// `years` says how `" d"` years below 100 are read: as Flask reads a cookie (`.python`),
    /// or, for JSON a caller gives to be minted, four-digit years as written.
    public static func untag(_ value: JSONValue, years: HTTPDate.YearReading = .python) throws(SignetError) -> SessionValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .integer(i)
        case .float(let f): return .float(f)
        case .string(let s): return .string(s)
        case .array(let items):
            var out = [SessionValue]()
            out.reserveCapacity(items.count)
            for item in items { out.append(try untag(item, years: years)) }
            return .list(out)
        case .object(let object):
            var members = [(JSONString, SessionValue)]()
            members.reserveCapacity(object.count)
            for member in object.members { members.append((member.key, try untag(member.value, years: years))) }
            if members.count == 1, tagKeys.contains(members[0].0) {
                return try fromTag(members[0].0, members[0].1, years: years)
            }
            return .dict(SessionDict(members))
        }
    }

    static func fromTag(_ key: JSONString, _ value: SessionValue, years: HTTPDate.YearReading) throws(SignetError) -> SessionValue {
        switch key {
        case " di":
            // Python takes the first key and drops its last two characters (the "__").
            guard case .dict(let inner) = value, let first = inner.members.first else {
                throw wrongType(key, value, expected: "a non-empty dict")
            }
            var trimmed = first.key.wtf8
            for _ in 0..<2 where !trimmed.isEmpty {
                // Drop one code point: continuation bytes (10xxxxxx), then its lead byte.
                while let last = trimmed.last, last & 0xC0 == 0x80 { trimmed.removeLast() }
                if !trimmed.isEmpty { trimmed.removeLast() }
            }
            return .dict(SessionDict([(JSONString(uncheckedWTF8: trimmed), first.value)]))
        case " t":
            guard case .list(let items) = value else { throw wrongType(key, value, expected: "a list") }
            return .tuple(items)
        case " b":
            guard case .string(let text) = value, let bytes = StandardBase64.decode(text.wtf8) else {
                throw wrongType(key, value, expected: "a padded standard base64 string")
            }
            return .bytes(bytes)
        case " m":
            guard case .string(let html) = value else { throw wrongType(key, value, expected: "a string") }
            return .markup(html)
        case " u":
            guard case .string(let text) = value, let string = text.string, let uuid = SessionUUID(string) else {
                throw wrongType(key, value, expected: "a UUID string")
            }
            return .uuid(uuid)
        default:
            guard case .string(let text) = value, let string = text.string, let seconds = HTTPDate.parse(string, years: years) else {
                throw wrongType(key, value, expected: "an HTTP date string")
            }
            return .datetime(seconds)
        }
    }

    static func tagged(_ key: JSONString, _ value: JSONValue) -> JSONValue {
        .object(JSONObject([(key, value)]))
    }

    static func tagAll(_ items: [SessionValue]) throws(SignetError) -> [JSONValue] {
        var out = [JSONValue]()
        out.reserveCapacity(items.count)
        for item in items { out.append(try tag(item)) }
        return out
    }

    static func wrongType(_ key: JSONString, _ value: SessionValue, expected: String) -> SignetError {
        SignetError(.badPayload, "Flask tag '\(key)' must hold \(expected)")
    }
}
