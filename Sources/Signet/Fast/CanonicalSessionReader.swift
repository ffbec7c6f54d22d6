/// Builds a Flask session straight from text that ``CanonicalJSONScanner`` accepted with Flask
/// tags, without the intermediate `JSONValue` tree the general path builds and then untags.
///
/// Only ever called on accepted text, whose grammar is small (see the scanner): objects with
/// sorted unique ASCII keys, arrays, strings with Python's escapes, short integers, literals,
/// and the tags `" t"`, `" m"`, `" b"`, `" u"`, `" d"` in their canonical forms. Anything else
/// answers nil and the caller takes the general path, so a nil is never wrong, only slower.
struct CanonicalSessionReader {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var i = 0

    /// The session in `text`, or nil when `text` is not what the scanner accepts.
    static func session(_ text: UnsafeRawBufferPointer) -> SessionDict? {
        guard let start = text.baseAddress, text.count > 0 else { return nil }
        var reader = CanonicalSessionReader(base: start.assumingMemoryBound(to: UInt8.self), end: text.count)
        guard reader.base[0] == UInt8(ascii: "{"), let members = reader.members(), reader.i == reader.end else { return nil }
        return SessionDict(uniqueMembers: members)
    }

    private init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
    }

    @inline(__always)
    private func peek() -> UInt8? {
        i < end ? base[i] : nil
    }

    private mutating func value() -> SessionValue? {
        guard let c = peek() else { return nil }
        switch c {
        case UInt8(ascii: "{"):
            guard let members = members() else { return nil }
            if members.count == 1, members[0].key.withWTF8({ $0.first }) == UInt8(ascii: " "),
                TaggedJSON.tagKeys.contains(members[0].key)
            {
                return tagged(members[0].key, members[0].value)
            }
            return .dict(SessionDict(uniqueMembers: members))
        case UInt8(ascii: "["):
            i += 1
            var items = [SessionValue]()
            if peek() == UInt8(ascii: "]") {
                i += 1
                return .list(items)
            }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                guard let next = peek() else { return nil }
                i += 1
                if next == UInt8(ascii: "]") { return .list(items) }
                guard next == UInt8(ascii: ",") else { return nil }
            }
        case UInt8(ascii: "\""):
            return string().map(SessionValue.string)
        case UInt8(ascii: "t"):
            return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"):
            return word("false") ? .bool(false) : nil
        case UInt8(ascii: "n"):
            return word("null") ? .null : nil
        default:
            let start = i
            if peek() == UInt8(ascii: "-") { i += 1 }
            while let d = peek(), d &- UInt8(ascii: "0") < 10 { i += 1 }
            guard i > start else { return nil }
            return .integer(JSONInteger(canonicalDecimal: String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)))
        }
    }

    /// The members of the object at `i` (on its `{`), in order.
    private mutating func members() -> [(key: JSONString, value: SessionValue)]? {
        i += 1
        var members = [(key: JSONString, value: SessionValue)]()
        if peek() == UInt8(ascii: "}") {
            i += 1
            return members
        }
        while true {
            guard peek() == UInt8(ascii: "\""), let key = string() else { return nil }
            guard peek() == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let item = value() else { return nil }
            members.append((key, item))
            guard let next = peek() else { return nil }
            i += 1
            if next == UInt8(ascii: "}") { return members }
            guard next == UInt8(ascii: ",") else { return nil }
        }
    }

    /// The value a one-key object with a tag key stands for (`_untag_scan`); nil for `" di"`
    /// and for a value of the wrong kind, which the scanner never accepts.
    private func tagged(_ key: JSONString, _ value: SessionValue) -> SessionValue? {
        guard key.wtf8Count == 2 else { return nil }
        let (space, letter) = key.withWTF8 { ($0[0], $0[1]) }
        guard space == UInt8(ascii: " ") else { return nil }
        switch (letter, value) {
        case (UInt8(ascii: "t"), .list(let items)): return .tuple(items)
        case (UInt8(ascii: "m"), .string(let html)): return .markup(html)
        case (UInt8(ascii: "b"), .string(let text)): return StandardBase64.decode(text.wtf8).map(SessionValue.bytes)
        case (UInt8(ascii: "u"), .string(let text)): return text.string.flatMap(SessionUUID.init).map(SessionValue.uuid)
        case (UInt8(ascii: "d"), .string(let text)): return text.string.flatMap { HTTPDate.parse($0) }.map(SessionValue.datetime)
        default: return nil
        }
    }

    private mutating func word(_ text: StaticString) -> Bool {
        guard CanonicalJSONScanner.matches(text, base + i, end - i) else { return false }
        i += text.utf8CodeUnitCount
        return true
    }

    /// The string at `i` (on its quote) as WTF-8: escapes decoded, a surrogate pair joined into
    /// one code point, a lone surrogate kept as itself.
    private mutating func string() -> JSONString? {
        i += 1
        var bytes = [UInt8]()
        while i < end {
            // A run of plain bytes is copied at once (for most strings, the whole string).
            let run = i
            while i < end, base[i] != UInt8(ascii: "\""), base[i] != UInt8(ascii: "\\") { i += 1 }
            if i > run {
                if bytes.isEmpty, i < end, base[i] == UInt8(ascii: "\"") {
                    i += 1
                    return JSONString(uncheckedWTF8: UnsafeBufferPointer(start: base + run, count: i - 1 - run))
                } else {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - run))
                }
            }
            guard i < end else { return nil }
            if base[i] == UInt8(ascii: "\"") {
                i += 1
                return JSONString(uncheckedWTF8: bytes)
            }
            guard i + 1 < end else { return nil }
            let escape = base[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                guard var unit = hex4() else { return nil }
                if unit & 0xFC00 == 0xD800, i + 6 <= end, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    if let low = hex4(), low & 0xFC00 == 0xDC00 {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                WTF8.append(unit, to: &bytes)
            default: bytes.append(escape)  // '"' and '\\'
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= end else { return nil }
        var unit: UInt32 = 0
        for k in 0..<4 {
            let h = base[i + k]
            if h &- UInt8(ascii: "0") < 10 {
                unit = unit << 4 | UInt32(h &- UInt8(ascii: "0"))
            } else if h &- UInt8(ascii: "a") < 6 {
                unit = unit << 4 | UInt32(h &- UInt8(ascii: "a") &+ 10)
            } else {
                return nil
            }
        }
        i += 4
        return unit
    }
}
