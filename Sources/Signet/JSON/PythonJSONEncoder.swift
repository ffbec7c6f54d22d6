/// `json.dumps` with `allow_nan=True`, `indent=None`, no `default`: the C encoder's output,
/// written into one growing byte buffer.
///
/// Nesting is walked with an explicit stack (``PostOrderConversion``, ``EncodingFrame``), so that
/// no input can exhaust the machine stack.
struct PythonJSONEncoder {
    let options: JSONEncodingOptions
    /// The same limits the decoder applies, so whatever one side accepts the other does too:
    /// deeper nesting stands for Python's `RecursionError`, longer integers for its
    /// `ValueError` (both near the defaults, 1000 levels and 4300 digits, in Python).
    let limits: JSONDecodingLimits
    var out: [UInt8] = []

    init(options: JSONEncodingOptions, limits: JSONDecodingLimits) {
        self.options = options
        self.limits = limits
        out.reserveCapacity(256)
    }

    /// How many arrays and objects are open around the value being written.
    var depth = 0

    mutating func encode(_ root: JSONValue) throws(SignetError) {
        try PostOrderConversion.convert(root, &self) { (value, encoder) throws(SignetError) -> ConversionStep<EncodingFrame<JSONValue>> in
            try encoder.start(value)
        }
    }

    /// Writes `value` if it holds no other, else opens it.
    @inline(__always)
    private mutating func start(_ value: JSONValue) throws(SignetError) -> ConversionStep<EncodingFrame<JSONValue>> {
        switch value {
        case .array(let items): return try open(.list(items))
        case .object(let object): return try open(.dict(object))
        default:
            try writeScalar(value)
            return .done(())
        }
    }

    /// A value that is not a container.
    @inline(__always)
    mutating func writeScalar(_ value: JSONValue) throws(SignetError) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let integer): try writeInteger(integer)
        case .float(let double): FloatRepr.append(double, to: &out)
        case .string(let string): try writeString(string)
        case .array, .object: preconditionFailure("not a scalar")
        }
    }

    /// Python 3.11's `int.__repr__` refuses more than `sys.get_int_max_str_digits()` digits
    /// (0: no limit).
    mutating func writeInteger(_ integer: JSONInteger) throws(SignetError) {
        var text = integer.decimal
        let digits = text.utf8.count - (text.utf8.first == UInt8(ascii: "-") ? 1 : 0)
        if limits.maxIntegerDigits > 0 && digits > limits.maxIntegerDigits {
            throw SignetError(
                .unserializable,
                "Exceeds the limit (\(limits.maxIntegerDigits) digits) for integer string conversion; "
                    + "value has \(digits) digits")
        }
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    func checkDepth(_ open: Int) throws(SignetError) {
        if open >= limits.maxDepth {
            throw SignetError(.unserializable, "nesting deeper than \(limits.maxDepth) levels")
        }
    }

    /// Python sorts `dict.items()`; keys are unique, so only keys are compared, by code point.
    static func sorted<Value>(_ dict: PythonDict<Value>) -> PythonDict<Value> {
        for index in 1..<max(dict.count, 1) where !(dict[memberAt: index - 1].key < dict[memberAt: index].key) {
            return PythonDict(uniqueMembers: dict.members.sorted { $0.key < $1.key })
        }
        return dict
    }

    /// An object's key and the separator after it.
    mutating func writeKey(_ key: JSONString) throws(SignetError) {
        try writeString(key)
        out.append(contentsOf: options.keySeparator)
    }

    mutating func writeString(_ string: JSONString) throws(SignetError) {
        let ok = string.withWTF8 { buffer -> Bool in
            guard let base = buffer.baseAddress else {
                out.append(contentsOf: "\"\"".utf8)
                return true
            }
            return options.ensureASCII
                ? Self.writeASCII(base, buffer.count, to: &out)
                : Self.writeUTF8(base, buffer.count, to: &out)
        }
        if !ok {
            let reason = options.ensureASCII ? "malformed WTF-8" : "a lone surrogate (not encodable as UTF-8)"
            throw SignetError(.unserializable, "string holds \(reason)")
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The two-character escape Python uses for `byte`, or 0 for `\u00XX`.
    @inline(__always)
    private static func shortEscape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "\""): return UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): return UInt8(ascii: "\\")
        case 0x0A: return UInt8(ascii: "n")
        case 0x0D: return UInt8(ascii: "r")
        case 0x09: return UInt8(ascii: "t")
        case 0x08: return UInt8(ascii: "b")
        case 0x0C: return UInt8(ascii: "f")
        default: return 0
        }
    }

    @inline(__always)
    private static func appendUnicodeEscape(_ unit: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        out.append(hexDigits[Int(unit >> 12 & 0xF)])
        out.append(hexDigits[Int(unit >> 8 & 0xF)])
        out.append(hexDigits[Int(unit >> 4 & 0xF)])
        out.append(hexDigits[Int(unit & 0xF)])
    }

    @inline(__always)
    private static func appendEscapedASCII(_ byte: UInt8, to out: inout [UInt8]) {
        let short = shortEscape(byte)
        if short != 0 {
            out.append(UInt8(ascii: "\\"))
            out.append(short)
        } else {
            appendUnicodeEscape(UInt32(byte), to: &out)
        }
    }

    /// `ensure_ascii=True` (`c_encode_basestring_ascii`): only 0x20...0x7E other than `"` and
    /// `\` pass through; everything else becomes an escape, astral code points a surrogate pair.
    private static func writeASCII(_ p: UnsafePointer<UInt8>, _ count: Int, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "\""))
        var index = 0
        while index < count {
            // Copy runs of bytes that need no escape in one go.
            let runStart = index
            while index < count {
                let byte = p[index]
                if byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
                index += 1
            }
            if index > runStart { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: index - runStart)) }
            guard index < count else { break }
            let byte = p[index]
            if byte < 0x80 {
                appendEscapedASCII(byte, to: &out)
                index += 1
                continue
            }
            guard let (codePoint, length) = WTF8.decode(p, index, count) else { return false }
            index += length
            if codePoint >= 0x10000 {
                let offset = codePoint - 0x10000
                appendUnicodeEscape(0xD800 | offset >> 10, to: &out)
                appendUnicodeEscape(0xDC00 | offset & 0x3FF, to: &out)
            } else {
                appendUnicodeEscape(codePoint, to: &out)
            }
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// `ensure_ascii=False` (`c_encode_basestring`), then `.encode("utf-8")`: only `"`, `\` and
    /// controls below 0x20 are escaped; a lone surrogate fails the UTF-8 encoding.
    private static func writeUTF8(_ p: UnsafePointer<UInt8>, _ count: Int, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "\""))
        var index = 0
        while index < count {
            let runStart = index
            while index < count {
                let byte = p[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
                if byte < 0x80 {
                    index += 1
                } else {
                    // Strict validation rejects exactly the surrogates WTF-8 adds.
                    let length = WTF8.validSequenceLength(p, index, count)
                    if length == 0 { return false }
                    index += length
                }
            }
            if index > runStart { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: index - runStart)) }
            guard index < count else { break }
            appendEscapedASCII(p[index], to: &out)
            index += 1
        }
        out.append(UInt8(ascii: "\""))
        return true
    }
}
