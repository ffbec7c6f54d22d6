/// A value a Flask session can hold: what `flask.json.tag.TaggedJSONSerializer` round-trips.
///
/// Plain JSON types map to themselves; `tuple`, `bytes`, `Markup`, `UUID` and aware `datetime`
/// travel as one-key tagged objects (`{" t": [...]}`, `{" b": "..."}`, ...).
public enum SessionValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An `int` of any size.
    case integer(JSONInteger)
    /// A `float`, including NaN and the infinities.
    case float(Double)
    /// A `str` (which may hold lone surrogates).
    case string(JSONString)
    case list(SessionList)
    /// A `tuple` (tag `" t"`).
    case tuple(SessionList)
    case dict(SessionDict)
    /// `bytes` (tag `" b"`, standard base64 with padding).
    case bytes([UInt8])
    /// `markupsafe.Markup`: HTML that templates must not escape again (tag `" m"`).
    case markup(JSONString)
    /// `uuid.UUID` (tag `" u"`, 32 lowercase hex digits).
    case uuid(SessionUUID)
    /// An aware `datetime`, in whole Unix seconds (tag `" d"`, an HTTP date in UTC: Flask drops
    /// microseconds and the time zone).
    case datetime(Int64)

    /// `.list` from an `Array`, as before lists had their own type.
    public static func list(_ items: [SessionValue]) -> SessionValue { .list(SessionList(items)) }

    /// `.tuple` from an `Array`, as before tuples had their own type.
    public static func tuple(_ items: [SessionValue]) -> SessionValue { .tuple(SessionList(items)) }
}

/// A UUID's 16 bytes, held in the value itself (two words, no array): reading, copying and
/// dropping a UUID allocates and frees nothing.
public struct SessionUUID: Sendable, Hashable, CustomStringConvertible {
    /// Bytes 0 to 7 and 8 to 15, each eight as a big-endian number.
    private let high: UInt64
    private let low: UInt64

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 16 bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Array($0) }
    }

    /// 16 bytes, or nil.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        let word = { (start: Int) in bytes[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        self.init(high: word(0), low: word(8))
    }

    /// Parses text the way `uuid.UUID(hex)` does: `urn:`, `uuid:`, braces and hyphens are
    /// removed, then exactly 32 hex digits must remain (Python's `int(hex, 16)` would also take
    /// a sign, whitespace and underscores; Signet does not).
    public init?(_ text: String) {
        var hex = text.replacing("urn:", with: "").replacing("uuid:", with: "")
        while hex.first == "{" || hex.first == "}" { hex.removeFirst() }
        while hex.last == "{" || hex.last == "}" { hex.removeLast() }
        hex = hex.replacing("-", with: "")
        let digits = Array(hex.utf8)
        guard digits.count == 32 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        for index in stride(from: 0, to: 32, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(bytes: bytes)
    }

    /// Reads `uuid.hex`'s own form, 32 lowercase hex digits, and nothing else: the text a
    /// `" u"` tag holds when it is canonical (written back unchanged). Accepts exactly what
    /// ``isCanonicalHex(_:)`` accepts, checking and reading eight digits at a time.
    init?(canonicalHex text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 32, let digits = text.baseAddress,
              let a = Self.lowercaseHex(digits), let b = Self.lowercaseHex(digits + 8),
              let c = Self.lowercaseHex(digits + 16), let d = Self.lowercaseHex(digits + 24)
        else { return nil }
        self.init(high: a << 32 | b, low: c << 32 | d)
    }

    /// The 8 lowercase hex digits at `digits` as a number; nil if any is not one. One word
    /// holds the eight characters, the first in its lowest byte; each test runs on all eight
    /// bytes at once, with additions that carry into no other byte (every byte is below 0x80).
    @inline(__always)
    private static func lowercaseHex(_ digits: UnsafePointer<UInt8>) -> UInt64? {
        let text = UInt64(littleEndian: UnsafeRawPointer(digits).loadUnaligned(as: UInt64.self))
        let tops: UInt64 = 0x8080_8080_8080_8080
        guard text & tops == 0 else { return nil }
        // A byte's top bit, after adding 0x80 - c, says whether the byte is at least c.
        let isDigit = (text &+ 0x5050_5050_5050_5050) & ~(text &+ 0x4646_4646_4646_4646) & tops  // "0"..."9"
        let isLetter = (text &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(text &+ 0x1919_1919_1919_1919) & tops  // "a"..."f"
        guard isDigit | isLetter == tops else { return nil }
        // Each byte's value ("a" is 0x61: 1 + 9), then two per byte, then the four bytes.
        let nibbles = (text & 0x0F0F_0F0F_0F0F_0F0F) &+ (isLetter >> 7) &* 9
        let pairs = (nibbles << 4 | nibbles >> 8) & 0x00FF_00FF_00FF_00FF
        let quads = (pairs | pairs >> 8) & 0x0000_FFFF_0000_FFFF
        return UInt64(UInt32(truncatingIfNeeded: quads | quads >> 16).byteSwapped)
    }

    /// Whether `text` is 32 lowercase hex digits.
    static func isCanonicalHex(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.count == 32 && text.allSatisfy { $0 &- UInt8(ascii: "0") < 10 || $0 &- UInt8(ascii: "a") < 6 }
    }

    /// `UUID.hex`: 32 lowercase hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            writeHex(into: buffer.baseAddress!)
            return 32
        }
    }

    /// Writes the 32 digits of ``hex`` into `out`.
    func writeHex(into out: UnsafeMutablePointer<UInt8>) {
        Self.writeHex(of: high, into: out)
        Self.writeHex(of: low, into: out + 16)
    }

    /// Writes the 16 hex digits of `word`, most significant first.
    @inline(__always)
    private static func writeHex(of word: UInt64, into out: UnsafeMutablePointer<UInt8>) {
        let digits: StaticString = "0123456789abcdef"
        for k in 0..<16 {
            out[k] = digits.utf8Start[Int(truncatingIfNeeded: word &>> UInt64(60 &- 4 &* k) & 15)]
        }
    }

    public var description: String { hex }
}

func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x61...0x66: return byte - 0x61 + 10
    case 0x41...0x46: return byte - 0x41 + 10
    default: return nil
    }
}

extension SessionValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(JSONString(value)) }
    public init(integerLiteral value: Int64) { self = .integer(JSONInteger(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(arrayLiteral elements: SessionValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (JSONString, SessionValue)...) { self = .dict(SessionDict(elements)) }
    public init(nilLiteral: ()) { self = .null }
}

extension SessionValue {
    /// The text of a `str`; nil for any other value, or for a `str` holding a lone surrogate,
    /// which `String` cannot represent (read it with `case .string(let text)` then).
    public var stringValue: String? { if case .string(let text) = self { text.string } else { nil } }

    /// An `int` that fits in `Int`; nil for any other value (`bool` included, unlike Python).
    public var intValue: Int? { if case .integer(let integer) = self { integer.int64.flatMap { Int(exactly: $0) } } else { nil } }

    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }

    /// A `float`; nil for any other value (an `int` included: see `intValue`).
    public var doubleValue: Double? { if case .float(let value) = self { value } else { nil } }

    // `Optional.none`, not `nil`: SessionValue is ExpressibleByNilLiteral, so a bare `nil`
    // would become `.null` where the branches' type is SessionValue.

    /// The member `key` of a `dict`; nil for a missing key or any other value.
    public subscript(key: String) -> SessionValue? {
        guard case .dict(let dict) = self else { return Optional.none }
        return dict[key]
    }

    /// The item at `index` of a `list` or `tuple`; nil out of range or for any other value.
    public subscript(index: Int) -> SessionValue? {
        switch self {
        case .list(let items), .tuple(let items):
            guard items.indices.contains(index) else { return Optional.none }
            return items[index]
        default:
            return Optional.none
        }
    }
}

/// A value prints as Flask stores it: its tagged JSON, canonical as in a cookie (sorted keys,
/// ASCII escapes, compact), e.g. `{"cart":{" t":[1,2]}}`; a `str` prints as its text, as
/// Python's `print` shows it. Made by the tagger and encoder the cookies use, not by a walk of
/// its own. A value that cannot be encoded (a datetime outside years 1 to 9999, nesting deeper
/// than the encoder's limit) prints as `<unencodable session value: reason>`.
extension SessionValue: CustomStringConvertible {
    public var description: String {
        if case .string(let text) = self { return text.description }
        return taggedJSONText(self)
    }
}

/// A session prints as its tagged JSON, the text a Flask cookie's payload holds.
extension PythonDict: CustomStringConvertible where Value == SessionValue {
    public var description: String { taggedJSONText(.dict(self)) }
}

private func taggedJSONText(_ value: SessionValue) -> String {
    do {
        return String(decoding: try PythonJSON.encode(try TaggedJSON.tag(value), options: .flask), as: UTF8.self)
    } catch {
        return "<unencodable session value: \(error.message)>"
    }
}
