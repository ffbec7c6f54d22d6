/// Flask's `TaggedJSONSerializer` (`flask/json/tag.py`): session values to plain JSON values
/// with one-key tag objects, and back.
public enum TaggedJSON {
    /// The registered tag keys.
    public static let tagKeys: Set<JSONString> = [" di", " t", " b", " m", " u", " d"]

    /// `TaggedJSONSerializer.tag`: tags tried in Flask's order (`" di"`, dict, `" t"`, list,
    /// `" b"`, `" m"`, `" u"`, `" d"`).
    ///
    /// Containers are walked with an explicit stack on the heap, never by recursion, so any
    /// depth runs in constant machine stack.
    public static func tag(_ root: SessionValue) throws(SignetError) -> JSONValue {
        try PostOrderConversion.convert(root) { (value) throws(SignetError) -> ConversionStep<TagFrame> in
            switch value {
            case .null: return .done(.null)
            case .bool(let b): return .done(.bool(b))
            case .integer(let i): return .done(.integer(i))
            case .float(let f): return .done(.float(f))
            case .string(let s): return .done(.string(s))
            case .bytes(let bytes): return .done(tagged(" b", .string(JSONString(StandardBase64.encode(bytes)))))
            case .markup(let html): return .done(tagged(" m", .string(html)))
            case .uuid(let uuid): return .done(tagged(" u", .string(JSONString(uuid.hex))))
            case .datetime(let seconds):
                guard let text = HTTPDate.format(seconds) else {
                    throw SignetError(.unserializable, "datetime \(seconds) is outside years 1 to 9999")
                }
                return .done(tagged(" d", .string(JSONString(text))))
            case .dict(let dict):
                guard let frame = TagFrame(dict: dict) else { return .done(.object(JSONObject())) }
                return .open(frame, first: frame.members[0].value)
            case .list(let items):
                return items.isEmpty ? .done(.array([])) : .open(TagFrame(items: items.elements, isTuple: false), first: items[0])
            case .tuple(let items):
                return items.isEmpty ? .done(tagged(" t", .array([]))) : .open(TagFrame(items: items.elements, isTuple: true), first: items[0])
            }
        }
    }

    /// One container being tagged: its children still to tag, and those already tagged.
    struct TagFrame: ConversionFrame {
        enum Kind { case dict, escapedDict, list, tuple }
        let kind: Kind
        var items: [SessionValue] = []
        var members: [(key: JSONString, value: SessionValue)] = []
        var taggedItems: [JSONValue] = []
        var taggedMembers: [(key: JSONString, value: JSONValue)] = []

        /// A non-empty dict; nil for an empty one, which needs no frame.
        init?(dict: SessionDict) {
            guard !dict.isEmpty else { return nil }
            members = dict.members
            // A dict whose only key is a tag key is escaped as `{" di": {key + "__": value}}`.
            kind = dict.count == 1 && tagKeys.contains(members[0].key) ? .escapedDict : .dict
            taggedMembers.reserveCapacity(members.count)
        }

        init(items: [SessionValue], isTuple: Bool) {
            self.items = items
            kind = isTuple ? .tuple : .list
            taggedItems.reserveCapacity(items.count)
        }

        /// Files a tagged child; returns the next child to tag, or nil when all are done.
        mutating func add(_ value: JSONValue, _: inout Void) -> SessionValue? {
            switch kind {
            case .dict, .escapedDict:
                taggedMembers.append((members[taggedMembers.count].key, value))
                // Not `nil` in a ternary: SessionValue is ExpressibleByNilLiteral, so that would be `.null`.
                guard taggedMembers.count < members.count else { return .none }
                return members[taggedMembers.count].value
            case .list, .tuple:
                taggedItems.append(value)
                guard taggedItems.count < items.count else { return .none }
                return items[taggedItems.count]
            }
        }

        func finish(_: inout Void) -> JSONValue {
            switch kind {
            case .dict:
                // A SessionDict's keys are already unique: no need to deduplicate them again.
                return .object(JSONObject(uniqueMembers: taggedMembers))
            case .escapedDict:
                let escapedKey = JSONString(uncheckedWTF8: taggedMembers[0].key.wtf8 + Array("__".utf8))
                return tagged(" di", .object(JSONObject(uniqueMembers: [(escapedKey, taggedMembers[0].value)])))
            case .list: return .array(taggedItems)
            case .tuple: return tagged(" t", .array(taggedItems))
            }
        }
    }

    /// `TaggedJSONSerializer._untag_scan`: plain JSON back to session values, inside out.
    ///
    /// Throws `.badPayload` when a tag holds the wrong type: Python raises there too (Flask
    /// then fails the request), except for an unparseable `" d"`, which Python reads as `None`.
    /// `years` says how `" d"` years below 100 are read: as Flask reads a cookie (`.python`),
    /// or, for JSON a caller gives to be minted, four-digit years as written.
    /// Like ``tag(_:)``, it keeps its own stack and runs in constant machine stack.
    public static func untag(_ root: JSONValue, years: HTTPDate.YearReading = .python) throws(SignetError) -> SessionValue {
        try PostOrderConversion.convert(root) { (value) throws(SignetError) -> ConversionStep<UntagFrame> in
            switch value {
            case .null: return .done(.null)
            case .bool(let b): return .done(.bool(b))
            case .integer(let i): return .done(.integer(i))
            case .float(let f): return .done(.float(f))
            case .string(let s): return .done(.string(s))
            case .array(let items):
                return items.isEmpty ? .done(.list([])) : .open(UntagFrame(items: items.elements, years: years), first: items[0])
            case .object(let object):
                guard let first = object.members.first else { return .done(.dict(SessionDict())) }
                return .open(UntagFrame(members: object.members, years: years), first: first.value)
            }
        }
    }

    /// One container being untagged: its children still to untag, and those already untagged.
    struct UntagFrame: ConversionFrame {
        let isObject: Bool
        let years: HTTPDate.YearReading
        var items: [JSONValue] = []
        var members: [(key: JSONString, value: JSONValue)] = []
        var untaggedItems: [SessionValue] = []
        var untaggedMembers: [(JSONString, SessionValue)] = []

        init(items: [JSONValue], years: HTTPDate.YearReading) {
            isObject = false
            self.years = years
            self.items = items
            untaggedItems.reserveCapacity(items.count)
        }

        init(members: [(key: JSONString, value: JSONValue)], years: HTTPDate.YearReading) {
            isObject = true
            self.years = years
            self.members = members
            untaggedMembers.reserveCapacity(members.count)
        }

        /// Files an untagged child; returns the next child to untag, or nil when all are done.
        mutating func add(_ value: SessionValue, _: inout Void) -> JSONValue? {
            if isObject {
                untaggedMembers.append((members[untaggedMembers.count].key, value))
                guard untaggedMembers.count < members.count else { return .none }
                return members[untaggedMembers.count].value
            }
            untaggedItems.append(value)
            guard untaggedItems.count < items.count else { return .none }
            return items[untaggedItems.count]
        }

        func finish(_: inout Void) throws(SignetError) -> SessionValue {
            guard isObject else { return list(untaggedItems) }
            // A JSONObject's keys are already unique.
            return try untagged(untaggedMembers.map { (key: $0.0, value: $0.1) }, years: years)
        }
    }

    /// What a JSON array stands for in a session.
    static func list(_ items: [SessionValue]) -> SessionValue { .list(SessionList(items)) }

    /// What a JSON object (its members, keys unique) stands for in a session: the value a tag
    /// holds, or a dict. Throws when a tag holds the wrong type.
    static func untagged(_ members: [(key: JSONString, value: SessionValue)], years: HTTPDate.YearReading) throws(SignetError) -> SessionValue {
        if members.count == 1, isTagKey(members[0].key) {
            return try fromTag(members[0].key, members[0].value, years: years)
        }
        return .dict(SessionDict(uniqueMembers: members))
    }

    /// Whether `key` is one of ``tagKeys``, read from its inline bytes (without hashing it or
    /// a call): a space, then `t`, `b`, `m`, `u` or `d`, or `di`.
    @inline(__always)
    static func isTagKey(_ key: JSONString) -> Bool {
        guard let (bytes, count) = key.inlineHead else { return false }
        switch count {
        case 2:
            guard bytes & 0xFF == UInt64(UInt8(ascii: " ")) else { return false }
            switch UInt8(truncatingIfNeeded: bytes >> 8) {
            case UInt8(ascii: "t"), UInt8(ascii: "b"), UInt8(ascii: "m"), UInt8(ascii: "u"), UInt8(ascii: "d"): return true
            default: return false
            }
        case 3:
            return bytes == UInt64(UInt8(ascii: " ")) | UInt64(UInt8(ascii: "d")) << 8 | UInt64(UInt8(ascii: "i")) << 16
        default:
            return false
        }
    }

    /// The value tag `key` (one of ``tagKeys``, so stored inline) holds.
    static func fromTag(_ key: JSONString, _ value: SessionValue, years: HTTPDate.YearReading) throws(SignetError) -> SessionValue {
        // Told apart by the byte after the space (and `" di"` by its length), not by comparing
        // with `JSONString`s made from literals for every case.
        assert(isTagKey(key))
        let head = key.inlineHead ?? (0, 0)
        switch head.count == 3 ? UInt8(ascii: "i") : UInt8(truncatingIfNeeded: head.bytes >> 8) {
        case UInt8(ascii: "i"):
            // Python takes the first key and drops its last two characters (the "__").
            guard case .dict(let inner) = value, !inner.isEmpty else {
                throw wrongType(key, value, expected: "a non-empty dict")
            }
            let first = inner[memberAt: 0]
            var trimmed = first.key.wtf8
            for _ in 0..<2 where !trimmed.isEmpty {
                // Drop one code point: continuation bytes (10xxxxxx), then its lead byte.
                while let last = trimmed.last, last & 0xC0 == 0x80 { trimmed.removeLast() }
                if !trimmed.isEmpty { trimmed.removeLast() }
            }
            return .dict(SessionDict([(JSONString(uncheckedWTF8: trimmed), first.value)]))
        case UInt8(ascii: "t"):
            guard case .list(let items) = value else { throw wrongType(key, value, expected: "a list") }
            return .tuple(items)
        case UInt8(ascii: "b"):
            guard case .string(let text) = value, let bytes = text.withWTF8(StandardBase64.decode) else {
                throw wrongType(key, value, expected: "a padded standard base64 string")
            }
            return .bytes(bytes)
        case UInt8(ascii: "m"):
            guard case .string(let html) = value else { throw wrongType(key, value, expected: "a string") }
            return .markup(html)
        case UInt8(ascii: "u"):
            guard case .string(let text) = value else { throw wrongType(key, value, expected: "a UUID string") }
            if let uuid = text.withWTF8(SessionUUID.init(canonicalHex:)) { return .uuid(uuid) }
            guard let string = text.string, let uuid = SessionUUID(string) else {
                throw wrongType(key, value, expected: "a UUID string")
            }
            return .uuid(uuid)
        default:
            guard case .string(let text) = value else { throw wrongType(key, value, expected: "an HTTP date string") }
            // http_date's own form: read the same way whatever `years` says (its years are >= 100).
            if let seconds = text.withWTF8(HTTPDate.canonicalSeconds) { return .datetime(seconds) }
            guard let string = text.string, let seconds = HTTPDate.parse(string, years: years) else {
                throw wrongType(key, value, expected: "an HTTP date string")
            }
            return .datetime(seconds)
        }
    }

    static func tagged(_ key: JSONString, _ value: JSONValue) -> JSONValue {
        .object(JSONObject([(key, value)]))
    }

    static func wrongType(_ key: JSONString, _ value: SessionValue, expected: String) -> SignetError {
        SignetError(.badPayload, "Flask tag '\(key)' must hold \(expected)")
    }
}
