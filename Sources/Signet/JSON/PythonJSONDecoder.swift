/// `json.loads` for UTF-8 bytes, following CPython 3.11's C scanner (`Modules/_json.c`)
/// with `strict=True`: same accepted language, same values, same error messages.
///
/// Containers are tracked on explicit stacks, never by recursion, so input depth cannot
/// exhaust the machine stack; `limits.maxDepth` stands in for Python's recursion limit.
/// Every byte is looked at a bounded number of times, so decoding is linear.
struct PythonJSONDecoder {
    private let p: UnsafePointer<UInt8>
    private let n: Int
    private let limits: JSONDecodingLimits
    private var i = 0

    /// Values of all open containers, flattened; each frame owns a suffix.
    private var values: [JSONValue] = []
    /// Keys of all open objects, flattened, parallel to their values.
    private var keys: [JSONString] = []
    private var frames: [Frame] = []

    private struct Frame {
        let isObject: Bool
        let valueStart: Int
        let keyStart: Int
    }

    private init(_ p: UnsafePointer<UInt8>, _ n: Int, _ limits: JSONDecodingLimits) {
        self.p = p
        self.n = n
        self.limits = limits
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, limits: JSONDecodingLimits) throws(SignetError) -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw SignetError(.badJSON, "Expecting value: line 1 column 1 (char 0)")
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        var decoder = PythonJSONDecoder(p, bytes.count, limits)
        do {
            return try decoder.parseDocument()
        } catch {
            // Python decodes the whole payload as UTF-8 before parsing, so a bad byte anywhere
            // wins over whatever the parser stopped at.
            if let offset = WTF8.firstInvalidUTF8(p, count: bytes.count) {
                throw SignetError(.badJSON, "invalid UTF-8 at byte \(offset): 'utf-8' codec can't decode byte 0x"
                    + hex2(p[offset]) + " (Python fails before JSON parsing)")
            }
            throw error
        }
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }

    // MARK: - Errors

    /// `JSONDecodeError`'s text: `msg: line L column C (char N)`, counted in code points.
    private func syntaxError(_ message: String, at offset: Int) -> SignetError {
        var char = 0
        var line = 1
        var lastNewline = -1
        for k in 0..<min(offset, n) {
            let byte = p[k]
            if byte & 0xC0 == 0x80 { continue }
            if byte == 0x0A {
                line += 1
                lastNewline = char
            }
            char += 1
        }
        return SignetError(.badJSON, "\(message): line \(line) column \(char - lastNewline) (char \(char))")
    }

    // MARK: - Structure

    @inline(__always)
    private mutating func skipWhitespace() {
        while i < n {
            let c = p[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    private mutating func parseDocument() throws(SignetError) -> JSONValue {
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            throw syntaxError("Unexpected UTF-8 BOM (decode using utf-8-sig)", at: 0)
        }
        skipWhitespace()
        var value: JSONValue
        expectingValue: while true {
            guard i < n else { throw syntaxError("Expecting value", at: i) }
            switch p[i] {
            case UInt8(ascii: "["):
                // Python counts empty containers towards the depth too.
                try checkDepth(isObject: false)
                i += 1
                skipWhitespace()
                if i < n && p[i] == UInt8(ascii: "]") {
                    i += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue expectingValue
                }
            case UInt8(ascii: "{"):
                try checkDepth(isObject: true)
                i += 1
                skipWhitespace()
                if i < n && p[i] == UInt8(ascii: "}") {
                    i += 1
                    value = .object(JSONObject())
                } else {
                    frames.append(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
                    try parseKeyAndColon()
                    continue expectingValue
                }
            default:
                value = try parseScalar()
            }

            // A value is complete: file it in the innermost container and see what follows.
            while let frame = frames.last {
                values.append(value)
                skipWhitespace()
                let closer = frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if i < n && p[i] == closer {
                    i += 1
                    value = close(frame)
                    continue
                }
                guard i < n && p[i] == UInt8(ascii: ",") else {
                    throw syntaxError("Expecting ',' delimiter", at: i)
                }
                i += 1
                skipWhitespace()
                if frame.isObject { try parseKeyAndColon() }
                continue expectingValue
            }
            skipWhitespace()
            if i != n { throw syntaxError("Extra data", at: i) }
            return value
        }
    }

    private func checkDepth(isObject: Bool) throws(SignetError) {
        if frames.count >= limits.maxDepth {
            throw SignetError(
                .jsonTooDeep,
                "nesting deeper than \(limits.maxDepth) levels at byte \(i) "
                    + "(Python: maximum recursion depth exceeded while decoding a JSON "
                    + (isObject ? "object" : "array") + ")")
        }
    }

    /// Reads `"key"` and `:` with the whitespace around them; `i` then points at the value.
    private mutating func parseKeyAndColon() throws(SignetError) {
        guard i < n && p[i] == UInt8(ascii: "\"") else {
            throw syntaxError("Expecting property name enclosed in double quotes", at: i)
        }
        keys.append(try parseString())
        skipWhitespace()
        guard i < n && p[i] == UInt8(ascii: ":") else { throw syntaxError("Expecting ':' delimiter", at: i) }
        i += 1
        skipWhitespace()
    }

    private mutating func close(_ frame: Frame) -> JSONValue {
        frames.removeLast()
        let elements = Array(values[frame.valueStart...])
        values.removeSubrange(frame.valueStart...)
        guard frame.isObject else { return .array(elements) }
        let names = keys[frame.keyStart...]
        defer { keys.removeSubrange(frame.keyStart...) }
        return .object(Self.dictionary(keys: names, values: elements))
    }

    /// A `dict` built from pairs: a repeated key keeps its first position, takes its last value.
    private static func dictionary(keys: ArraySlice<JSONString>, values: [JSONValue]) -> JSONObject {
        var members: [(key: JSONString, value: JSONValue)] = []
        members.reserveCapacity(values.count)
        if values.count <= JSONObject.linearScanLimit {
            pairs: for (key, value) in zip(keys, values) {
                for m in members.indices where members[m].key == key {
                    members[m].value = value
                    continue pairs
                }
                members.append((key, value))
            }
        } else {
            var positions: [JSONString: Int] = Dictionary(minimumCapacity: values.count)
            for (key, value) in zip(keys, values) {
                if let position = positions[key] {
                    members[position].value = value
                } else {
                    positions[key] = members.count
                    members.append((key, value))
                }
            }
        }
        return JSONObject(uniqueMembers: members)
    }

    // MARK: - Scalars

    @inline(__always)
    private func matches(_ literal: StaticString, at offset: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= n else { return false }
        let bytes = literal.utf8Start
        for k in 0..<count where p[offset + k] != bytes[k] { return false }
        return true
    }

    private mutating func parseScalar() throws(SignetError) -> JSONValue {
        switch p[i] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "n") where matches("null", at: i):
            i += 4
            return .null
        case UInt8(ascii: "t") where matches("true", at: i):
            i += 4
            return .bool(true)
        case UInt8(ascii: "f") where matches("false", at: i):
            i += 5
            return .bool(false)
        case UInt8(ascii: "N") where matches("NaN", at: i):
            i += 3
            return .float(.nan)
        case UInt8(ascii: "I") where matches("Infinity", at: i):
            i += 8
            return .float(.infinity)
        case UInt8(ascii: "-") where matches("-Infinity", at: i):
            i += 9
            return .float(-.infinity)
        default:
            return try parseNumber()
        }
    }

    @inline(__always)
    private func isDigit(_ offset: Int) -> Bool {
        offset < n && p[offset] &- UInt8(ascii: "0") < 10
    }

    /// `_match_number_unicode`: an optional fraction or exponent that is not followed by a
    /// digit is left for the caller (so `1.` and `1e` stop before the `.` / `e`).
    private mutating func parseNumber() throws(SignetError) -> JSONValue {
        let start = i
        var k = i
        if p[k] == UInt8(ascii: "-") { k += 1 }
        let integerStart = k
        if isDigit(k) && p[k] != UInt8(ascii: "0") {
            k += 1
            while isDigit(k) { k += 1 }
        } else if k < n && p[k] == UInt8(ascii: "0") {
            k += 1
        } else {
            throw syntaxError("Expecting value", at: start)
        }
        let integerEnd = k
        var isFloat = false
        if k < n && p[k] == UInt8(ascii: ".") && isDigit(k + 1) {
            isFloat = true
            k += 2
            while isDigit(k) { k += 1 }
        }
        if k < n && (p[k] == UInt8(ascii: "e") || p[k] == UInt8(ascii: "E")) {
            var e = k + 1
            if e < n && (p[e] == UInt8(ascii: "-") || p[e] == UInt8(ascii: "+")) { e += 1 }
            if isDigit(e) {
                isFloat = true
                e += 1
                while isDigit(e) { e += 1 }
                k = e
            }
        }
        i = k
        if isFloat {
            return .float(FloatParse.parse(p + start, count: k - start))
        }
        let digitCount = integerEnd - integerStart
        if limits.maxIntegerDigits > 0 && digitCount > limits.maxIntegerDigits {
            throw SignetError(
                .integerTooLong,
                "Exceeds the limit (\(limits.maxIntegerDigits) digits) for integer string conversion: "
                    + "value has \(digitCount) digits")
        }
        // `-0` is the integer 0; any other literal is already canonical.
        let isNegativeZero = digitCount == 1 && start != integerStart && p[integerStart] == UInt8(ascii: "0")
        let textStart = isNegativeZero ? integerStart : start
        let text = String(decoding: UnsafeBufferPointer(start: p + textStart, count: k - textStart), as: UTF8.self)
        return .integer(JSONInteger(canonicalDecimal: text))
    }

    /// `scanstring_unicode` with `strict=True`; `i` points at the opening quote.
    private mutating func parseString() throws(SignetError) -> JSONString {
        let quote = i
        var k = i + 1
        // Fast path: no escapes, so the WTF-8 value is the input slice itself.
        while k < n {
            let c = p[k]
            if c == UInt8(ascii: "\"") {
                i = k + 1
                return JSONString(uncheckedWTF8: Array(UnsafeBufferPointer(start: p + quote + 1, count: k - quote - 1)))
            }
            if c == UInt8(ascii: "\\") { break }
            k += try characterLength(at: k)
        }
        guard k < n else { throw syntaxError("Unterminated string starting at", at: quote) }

        var bytes = Array(UnsafeBufferPointer(start: p + quote + 1, count: k - quote - 1))
        bytes.reserveCapacity(bytes.count + 16)
        while true {
            // Here p[k] is a backslash.
            k += 1
            guard k < n else { throw syntaxError("Unterminated string starting at", at: quote) }
            let escape = p[k]
            if escape == UInt8(ascii: "u") {
                // Python wants one more character after the four digits (it would be the quote).
                guard k + 5 < n, let unit = hex4(at: k + 1) else {
                    throw syntaxError("Invalid \\uXXXX escape", at: k)
                }
                k += 5
                var codePoint = unit
                if unit >= 0xD800 && unit <= 0xDBFF && k + 6 < n
                    && p[k] == UInt8(ascii: "\\") && p[k + 1] == UInt8(ascii: "u")
                {
                    guard let low = hex4(at: k + 2) else { throw syntaxError("Invalid \\uXXXX escape", at: k + 1) }
                    if low >= 0xDC00 && low <= 0xDFFF {
                        codePoint = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        k += 6
                    }
                }
                WTF8.append(codePoint, to: &bytes)
            } else {
                let decoded: UInt8
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded = escape
                case UInt8(ascii: "b"): decoded = 0x08
                case UInt8(ascii: "f"): decoded = 0x0C
                case UInt8(ascii: "n"): decoded = 0x0A
                case UInt8(ascii: "r"): decoded = 0x0D
                case UInt8(ascii: "t"): decoded = 0x09
                default: throw syntaxError("Invalid \\escape", at: k - 1)
                }
                bytes.append(decoded)
                k += 1
            }
            // Copy the unescaped run up to the next backslash or the closing quote.
            let runStart = k
            while k < n {
                let c = p[k]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { break }
                k += try characterLength(at: k)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: k - runStart))
            guard k < n else { throw syntaxError("Unterminated string starting at", at: quote) }
            if p[k] == UInt8(ascii: "\"") {
                i = k + 1
                return JSONString(uncheckedWTF8: bytes)
            }
        }
    }

    /// Length of the unescaped character at `k` inside a string; rejects raw control
    /// characters (strict mode) and bytes that are not UTF-8.
    @inline(__always)
    private func characterLength(at k: Int) throws(SignetError) -> Int {
        let c = p[k]
        if c >= 0x20 && c < 0x80 { return 1 }
        if c < 0x20 { throw syntaxError("Invalid control character at", at: k) }
        let length = WTF8.validSequenceLength(p, k, n)
        if length == 0 { throw SignetError(.badJSON, "invalid UTF-8 at byte \(k)") }
        return length
    }

    @inline(__always)
    private func hex4(at offset: Int) -> UInt32? {
        guard offset + 4 <= n else { return nil }
        var value: UInt32 = 0
        for k in offset..<(offset + 4) {
            let c = p[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
