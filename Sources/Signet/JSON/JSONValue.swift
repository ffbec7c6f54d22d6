/// A JSON value as Python's `json` module sees it: integers of any size, doubles (including
/// NaN and the infinities), strings that may hold lone surrogates, and objects that keep key order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(JSONInteger)
    case float(Double)
    case string(JSONString)
    case array(JSONArray)
    case object(JSONObject)

    /// `.array` from an `Array`, as before arrays had their own type.
    public static func array(_ items: [JSONValue]) -> JSONValue { .array(JSONArray(items)) }
}

/// A Python `str`: Unicode code points, which (unlike Swift's `String`) may include lone
/// surrogates. Stored as WTF-8: UTF-8 that also encodes U+D800...U+DFFF as three bytes.
///
/// Strings of up to 15 bytes (nearly every key and most values of a session) are stored inline,
/// so decoding a session does not allocate once per string.
public struct JSONString: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Inline: the bytes in memory order across the two words, zero-padded, the count in the
    /// last byte. Only strings longer than `inlineCapacity` are `.heap`, or `.carved` from a
    /// verified session's `SessionSlab` (a record of its own: the count, then the bytes), so
    /// an inline string equals no other kind. `@unchecked Sendable`: a slab is a `ManagedBuffer`,
    /// which is not `Sendable`, but is never changed once carved (see `SessionSlab`).
    private enum Storage: @unchecked Sendable {
        case inline(UInt64, UInt64)
        case heap([UInt8])
        case carved(ItemMemory, UnsafeMutablePointer<ItemStorageHeader>)
    }

    private let storage: Storage

    /// The longest string stored inline.
    static let inlineCapacity = 15

    /// `""`.
    static var empty: JSONString { JSONString(storage: .inline(0, 0)) }

    private init(storage: Storage) { self.storage = storage }

    /// The string of the `header.pointee.count` bytes after `header`, kept alive by `owner`.
    init(owner: ItemMemory, header: UnsafeMutablePointer<ItemStorageHeader>) { storage = .carved(owner, header) }

    /// Whether the string was carved from `slab`.
    @inline(__always)
    func isCarved(from slab: ItemMemory) -> Bool {
        if case .carved(let owner, _) = storage { owner === slab } else { false }
    }

    /// The WTF-8 bytes. Comparing them bytewise orders strings by code point, as Python does.
    public var wtf8: [UInt8] { withWTF8 { Array($0) } }

    /// Whether the bytes are stored in the value itself: then it holds no reference, and
    /// dropping it frees nothing.
    var isInline: Bool {
        if case .inline = storage { true } else { false }
    }

    /// The first eight bytes of a string stored inline, zero-padded, the first byte lowest,
    /// and its count; nil for a string not stored inline. Read without a copy or a call: Flask's
    /// tag keys are told apart through it.
    @inline(__always)
    var inlineHead: (bytes: UInt64, count: Int)? {
        if case .inline(let low, let high) = storage { (low, Int(high >> 56)) } else { nil }
    }

    /// The number of WTF-8 bytes.
    public var wtf8Count: Int {
        switch storage {
        case .inline(_, let high): Int(high >> 56)
        case .heap(let bytes): bytes.count
        case .carved(_, let header): header.pointee.count
        }
    }

    /// Calls `body` with the WTF-8 bytes, without copying them.
    public func withWTF8<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        switch storage {
        case .inline(let low, let high):
            var words = (low.littleEndian, high.littleEndian)
            let count = Int(high >> 56)
            return try withUnsafeBytes(of: &words) { (raw) throws(E) -> R in
                try body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
            }
        case .heap(let bytes):
            return try bytes.withUnsafeBufferPointer { (buffer) throws(E) -> R in try body(buffer) }
        case .carved(let owner, let header):
            return try withExtendedLifetime(owner) { () throws(E) -> R in
                try body(UnsafeBufferPointer(start: items(after: header, UInt8.self), count: header.pointee.count))
            }
        }
    }

    public static func == (lhs: JSONString, rhs: JSONString) -> Bool {
        if case .inline(let leftLow, let leftHigh) = lhs.storage, case .inline(let rightLow, let rightHigh) = rhs.storage {
            return leftLow == rightLow && leftHigh == rightHigh
        }
        return lhs.withWTF8 { left in rhs.withWTF8 { right in left.elementsEqual(right) } }
    }

    public func hash(into hasher: inout Hasher) {
        if case .inline(let low, let high) = storage {
            hasher.combine(low)
            hasher.combine(high)
        } else {
            withWTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    public init(_ string: String) { self.init(uncheckedWTF8: Array(string.utf8)) }

    public init(stringLiteral value: String) { self.init(value) }

    /// Wraps WTF-8 bytes without checking them; callers guarantee well-formedness.
    public init(uncheckedWTF8 bytes: [UInt8]) {
        if bytes.count <= Self.inlineCapacity {
            storage = bytes.withUnsafeBufferPointer { Self.packed($0) }
        } else {
            storage = .heap(bytes)
        }
    }

    /// Copies WTF-8 bytes without checking them; callers guarantee well-formedness.
    @inline(__always)
    init(uncheckedWTF8 buffer: UnsafeBufferPointer<UInt8>) {
        storage = buffer.count <= Self.inlineCapacity ? Self.packed(buffer) : Self.copied(buffer)
    }

    @inline(never)
    private static func copied(_ buffer: UnsafeBufferPointer<UInt8>) -> Storage { .heap(Array(buffer)) }

    /// The inline form of up to 15 bytes, read with a few overlapping loads of the bytes
    /// themselves (never past them): a session's keys and most of its strings are made here.
    @inline(__always)
    private static func packed(_ buffer: UnsafeBufferPointer<UInt8>) -> Storage {
        let n = buffer.count
        guard n > 0 else { return .inline(0, 0) }
        // A buffer holding bytes has a base address.
        let p = buffer.baseAddress.unsafelyUnwrapped
        let raw = UnsafeRawPointer(p)
        @inline(__always) func word(_ offset: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        @inline(__always) func half(_ offset: Int) -> UInt64 {
            UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        let low: UInt64
        var high: UInt64 = 0
        if n >= 8 {
            low = word(0)
            // Bytes 8..<n are the top of the last eight bytes.
            high = word(n &- 8) >> (8 &* (16 &- n))
        } else if n >= 4 {
            low = half(0) | half(n &- 4) << (8 &* (n &- 4))
        } else {
            low = UInt64(p[0]) | UInt64(p[n >> 1]) << (8 &* (n >> 1)) | UInt64(p[n &- 1]) << (8 &* (n &- 1))
        }
        return .inline(low, high | UInt64(n) << 56)
    }

    /// Builds a string from code points, as Python's `"".join(map(chr, ...))` would; nil when
    /// a value is above U+10FFFF. Surrogates are kept as they are, even adjacent pairs.
    public init?<S: Sequence<UInt32>>(codePoints: S) {
        var bytes: [UInt8] = []
        for codePoint in codePoints {
            guard codePoint <= 0x10FFFF else { return nil }
            WTF8.append(codePoint, to: &bytes)
        }
        self.init(uncheckedWTF8: bytes)
    }

    /// The code points, lone surrogates included.
    public var codePoints: [UInt32] {
        let bytes = wtf8
        var result: [UInt32] = []
        var index = 0
        while index < bytes.count, let (codePoint, length) = WTF8.decode(bytes, at: index) {
            result.append(codePoint)
            index += length
        }
        return result
    }

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
        if case .inline(let leftLow, let leftHigh) = lhs.storage, case .inline(let rightLow, let rightHigh) = rhs.storage {
            return inlinePrecedes(leftLow, leftHigh, rightLow, rightHigh)
        }
        return lhs.withWTF8 { left in rhs.withWTF8 { right in left.lexicographicallyPrecedes(right) } }
    }

    /// `<` of two inline strings' words. Big-endian words compare like the bytes they hold;
    /// equal zero-padded bytes mean one string is a prefix of the other (padded with NULs),
    /// and the shorter comes first.
    @inline(__always)
    private static func inlinePrecedes(_ leftLow: UInt64, _ leftHigh: UInt64, _ rightLow: UInt64, _ rightHigh: UInt64) -> Bool {
        if leftLow != rightLow { return leftLow.byteSwapped < rightLow.byteSwapped }
        let mask: UInt64 = 0x00FF_FFFF_FFFF_FFFF
        if leftHigh & mask != rightHigh & mask { return (leftHigh & mask).byteSwapped < (rightHigh & mask).byteSwapped }
        return leftHigh >> 56 < rightHigh >> 56
    }

    /// `lhs.pointee < rhs.pointee`, read where they lie: two inline strings (nearly every key of
    /// a session) are compared without a call or a copy of either.
    @inline(__always)
    static func precedes(_ lhs: UnsafePointer<JSONString>, _ rhs: UnsafePointer<JSONString>) -> Bool {
        switch (lhs.pointee.storage, rhs.pointee.storage) {
        case (.inline(let leftLow, let leftHigh), .inline(let rightLow, let rightHigh)):
            return inlinePrecedes(leftLow, leftHigh, rightLow, rightHigh)
        default:
            return lhs.pointee < rhs.pointee
        }
    }
}

// Literals let tests and callers write payloads the way they would in Python:
// `["user": 42, "roles": ["admin"], "ok": true, "none": nil]`.
extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .integer(JSONInteger(value)) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(JSONString(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (JSONString, JSONValue)...) { self = .object(JSONObject(elements)) }
}

extension JSONValue {
    public init(_ value: Bool) { self = .bool(value) }
    public init(_ value: Int) { self = .integer(JSONInteger(value)) }
    public init(_ value: Int64) { self = .integer(JSONInteger(value)) }
    public init(_ value: Double) { self = .float(value) }
    public init(_ value: String) { self = .string(JSONString(value)) }

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }

    public var integerValue: JSONInteger? { if case .integer(let value) = self { value } else { nil } }

    public var int64Value: Int64? { integerValue?.int64 }

    public var doubleValue: Double? { if case .float(let value) = self { value } else { nil } }

    public var stringValue: JSONString? { if case .string(let value) = self { value } else { nil } }

    public var arrayValue: JSONArray? { if case .array(let value) = self { value } else { nil } }

    public var objectValue: JSONObject? { if case .object(let value) = self { value } else { nil } }

    /// The member `key` of an object; nil for a missing key or a non-object.
    public subscript(key: JSONString) -> JSONValue? { objectValue?[key] }
}
