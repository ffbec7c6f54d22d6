/// The ``JSONSink`` behind `signet_session_get`: finds one top-level member of a JSON object
/// (the last of a repeated key, as a Python dict keeps) and remembers where its value lies in
/// the text, building nothing. The whole text is still read, so invalid JSON anywhere is refused.
package struct MemberLookup: JSONSink {
    /// A value's type, as `signet_value_type` names them.
    package enum Kind {
        case null, bool, integer, float, string, array, object
    }

    /// Text for the caller: a slice of the input, or bytes made for it.
    package enum Text {
        case slice(UnsafeBufferPointer<UInt8>)
        case made([UInt8])
    }

    /// The member found: pointers into the text, valid while it is.
    package struct Member {
        private let value: Value
        private let limits: JSONDecodingLimits

        fileprivate init(_ value: Value, limits: JSONDecodingLimits) {
            self.value = value
            self.limits = limits
        }

        package var kind: Kind {
            switch value {
            case .null: .null
            case .bool: .bool
            case .integer: .integer
            case .float: .float
            case .string: .string
            case .container(let isObject, _): isObject ? .object : .array
            }
        }

        /// A string's value as WTF-8 (nil for any other kind).
        package var stringValue: Text? {
            guard case .string(let token) = value else { return nil }
            return token.hasEscapes ? .made(token.value.wtf8) : .slice(token.raw)
        }

        /// An integer's canonical decimal text (nil for any other kind).
        package var integerText: UnsafeBufferPointer<UInt8>? {
            guard case .integer(let text) = value else { return nil }
            return text
        }

        /// The value as Flask's session style writes it (compact, sorted keys, ASCII escapes):
        /// the text itself when it is already that, as it is in `signet_verify`'s output.
        package func canonicalJSON() throws(SignetError) -> Text {
            switch value {
            case .null: return .made(Array("null".utf8))
            case .bool(let flag): return .made(Array((flag ? "true" : "false").utf8))
            case .integer(let text): return .slice(text)
            case .float(let double, let text):
                return FloatRepr.withRepr(double) { repr in repr.elementsEqual(text) ? .slice(text) : .made(Array(repr)) }
            case .string(let token):
                guard !token.isCanonical else { return .slice(UnsafeBufferPointer(start: token.raw.baseAddress! - 1, count: token.raw.count + 2)) }
                return .made(try PythonJSON.encode(.string(token.value), options: .flask, limits: limits))
            case .container(_, let text):
                let raw = UnsafeRawBufferPointer(text)
                if CanonicalCheck.isCanonical(raw, flaskTags: false, limits: limits) { return .slice(text) }
                return .made(try PythonJSON.encode(try JSONValueBuilder.value(raw, limits: limits), options: .flask, limits: limits))
            }
        }
    }

    fileprivate enum Value {
        case null
        case bool(Bool)
        case integer(UnsafeBufferPointer<UInt8>)
        case float(Double, UnsafeBufferPointer<UInt8>)
        case string(JSONStringToken)
        case container(isObject: Bool, UnsafeBufferPointer<UInt8>)
    }

    private let base: UnsafePointer<UInt8>?
    private let wanted: JSONString
    private var depth = 0
    private var rootIsObject = false
    /// Whether the top-level key being read is the wanted one.
    private var matching = false
    private var containerStart = 0
    private var found: Value?

    private init(base: UnsafePointer<UInt8>?, wanted: JSONString) {
        self.base = base
        self.wanted = wanted
    }

    /// The value of member `key` of the object `json`; nil when it has no such member. Throws
    /// the reader's errors, and `.badJSON` when `json` is not an object.
    package static func member(of json: UnsafeRawBufferPointer, key: JSONString, limits: JSONDecodingLimits = .default) throws(SignetError) -> Member? {
        var lookup = MemberLookup(base: json.baseAddress?.assumingMemoryBound(to: UInt8.self), wanted: key)
        try JSONReader.read(json, limits: limits, into: &lookup)
        guard lookup.rootIsObject else { throw SignetError(.badJSON, "not a JSON object") }
        return lookup.found.map { Member($0, limits: limits) }
    }

    @inline(__always)
    private mutating func arrives(_ value: @autoclosure () -> Value) {
        if depth == 1 && matching { found = value() }
    }

    private mutating func begin(at offset: Int, isObject: Bool) {
        if depth == 0 && isObject { rootIsObject = true }
        if depth == 1 && matching { containerStart = offset }
        depth += 1
    }

    private mutating func end(at end: Int, isObject: Bool) {
        depth -= 1
        if depth == 1 && matching {
            found = .container(isObject: isObject, UnsafeBufferPointer(start: base! + containerStart, count: end - containerStart))
        }
    }

    mutating func beginArray(at offset: Int) { begin(at: offset, isObject: false) }
    mutating func endArray(at end: Int) { self.end(at: end, isObject: false) }
    mutating func beginObject(at offset: Int) { begin(at: offset, isObject: true) }
    mutating func endObject(at end: Int) { self.end(at: end, isObject: true) }

    mutating func key(_ key: JSONStringToken) {
        if depth == 1 { matching = key.equals(wanted) }
    }

    mutating func string(_ string: JSONStringToken) { arrives(.string(string)) }
    mutating func integer(_ canonical: UnsafeBufferPointer<UInt8>, asWritten: Bool) { arrives(.integer(canonical)) }
    mutating func float(_ value: Double, text: UnsafeBufferPointer<UInt8>) { arrives(.float(value, text)) }
    mutating func bool(_ value: Bool) { arrives(.bool(value)) }
    mutating func null() { arrives(.null) }
    mutating func abandon() { found = nil }
}
