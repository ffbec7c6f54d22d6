/// A JSON value as Python's `json` module sees it: integers of any size, doubles (including
/// NaN and the infinities), strings that may hold lone surrogates, and objects that keep key order.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(JSONInteger)
    case float(Double)
    case string(JSONString)
    case array([JSONValue])
    case object(JSONObject)
}

/// An integer of any size, held as canonical decimal text (`-?(0|[1-9][0-9]*)`, never `-0`).
public struct JSONInteger: Sendable, Hashable {
    /// ASCII digits with an optional leading `-`.
    public let decimal: String

    public init(_ value: Int64) { decimal = String(value) }

    /// Accepts `-?[0-9]+`, normalising leading zeros and `-0`; nil otherwise.
    public init?(decimal text: String) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let trimmed = digits.drop(while: { $0 == "0" })
        if trimmed.isEmpty {
            decimal = "0"
        } else {
            decimal = (negative ? "-" : "") + trimmed
        }
    }

    /// The value when it fits in 64 bits.
    public var int64: Int64? { Int64(decimal) }
}

/// A Python `str`: Unicode code points, which (unlike Swift's `String`) may include lone
/// surrogates. Stored as WTF-8: UTF-8 that also encodes U+D800...U+DFFF as three bytes.
public struct JSONString: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The WTF-8 bytes. Comparing them bytewise orders strings by code point, as Python does.
    public let wtf8: [UInt8]

    public init(_ string: String) { wtf8 = Array(string.utf8) }

    public init(stringLiteral value: String) { self.init(value) }

    /// Wraps WTF-8 bytes without checking them; callers guarantee well-formedness.
    public init(uncheckedWTF8 bytes: [UInt8]) { wtf8 = bytes }

    /// The string, or nil when it holds a lone surrogate that `String` cannot represent.
    public var string: String? {
        var iterator = wtf8.makeIterator()
        var result = ""
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.unicodeScalars.append(scalar)
            case .emptyInput: return result
            case .error: return nil
            }
        }
    }

    public var description: String { string ?? String(decoding: wtf8, as: UTF8.self) }

    public static func < (lhs: JSONString, rhs: JSONString) -> Bool {
        lhs.wtf8.lexicographicallyPrecedes(rhs.wtf8)
    }
}

/// A JSON object that keeps insertion order, as a Python `dict` does.
public struct JSONObject: Sendable, Hashable {
    /// The members in insertion order; keys are unique.
    public private(set) var members: [(key: JSONString, value: JSONValue)]

    public init() { members = [] }

    /// Builds an object like a `dict` built from pairs: a repeated key keeps its first
    /// position and takes its last value.
    public init(_ pairs: [(JSONString, JSONValue)]) {
        members = []
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { members.count }

    public subscript(key: JSONString) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}
