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

    /// The open containers, innermost last.
    private var frames: [Frame] = []

    /// An open container. Each builds its own array in place and hands it over whole when
    /// it closes, so no element is copied (or retained) twice.
    private struct Frame {
        let isObject: Bool
        var elements: [JSONValue] = []
        var members: [(key: JSONString, value: JSONValue)] = []
        /// The key whose value is being parsed.
        var key = JSONString(uncheckedWTF8: [])
        /// Key positions, built once an object outgrows a linear scan, so that building
        /// stays linear however many keys arrive.
        var positions: [JSONString: Int] = [:]

        init(isObject: Bool) {
            self.isObject = isObject
            // Session payloads hold a handful of members: start with room for them.
            if isObject { members.reserveCapacity(8) } else { elements.reserveCapacity(8) }
        }

        /// Adds a finished value; in an object, like `dict[key] = value` (a repeated key
        /// keeps its first position and takes the last value).
        mutating func file(_ value: JSONValue) {
            guard isObject else {
                elements.append(value)
                return
            }
            if positions.isEmpty && members.count < PythonDictLimits.linearScanLimit {
                for m in members.indices where members[m].key == key {
                    members[m].value = value
                    return
                }
                members.append((key, value))
                return
            }
            if positions.isEmpty {
                positions.reserveCapacity(members.count * 2)
                for (m, member) in members.enumerated() { positions[member.key] = m }
            }
            if let position = positions[key] {
                members[position].value = value
            } else {
                positions[key] = members.count
                members.append((key, value))
            }
        }
    }

    private init(_ p: UnsafePointer<UInt8>, _ n: Int, _ limits: JSONDecodingLimits) {
        self.p = p
        self.n = n
        self.limits = limits
        frames.reserveCapacity(8)
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
                let byte = p[offset]
                throw SignetError(
                    .badJSON,
                    "invalid UTF-8 at byte \(offset): 'utf-8' codec can't decode byte 0x"
                        + (byte < 0x10 ? "0" : "") + String(byte, radix: 16) + " (Python fails before JSON parsing)")
            }
            throw error
        }
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
                    frames.append(Frame(isObject: false))
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
                    frames.append(Frame(isObject: true))
                    try parseKeyAndColon()
                    continue expectingValue
                }
            default:
                value = try parseScalar()
            }

            // A value is complete: file it in the innermost container and see what follows.
            while !frames.isEmpty {
                let top = frames.count - 1
                frames[top].file(value)
                skipWhitespace()
                let isObject = frames[top].isObject
                if i < n && p[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    let frame = frames.removeLast()
                    value = isObject ? .object(JSONObject(uniqueMembers: frame.members)) : .array(frame.elements)
                    continue
                }
                guard i < n && p[i] == UInt8(ascii: ",") else {
                    throw syntaxError("Expecting ',' delimiter", at: i)
                }
                i += 1
                skipWhitespace()
                if isObject { try parseKeyAndColon() }
                continue expectingValue
            }
            skipWhitespace()
            if i != n {
                throw syntaxError("Extra data", at: i)
            }
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
        frames[frames.count - 1].key = try parseString()
        skipWhitespace()
        guard i < n && p[i] == UInt8(ascii: ":") else { throw syntaxError("Expecting ':' delimiter", at: i) }
        i += 1
        skipWhitespace()
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
                return JSONString(uncheckedWTF8: UnsafeBufferPointer(start: p + quote + 1, count: k - quote - 1))
            }
            if c == UInt8(ascii: "\\") { break }
            if c >= 0x20 && c < 0x80 {
                k += 1
            } else {
                k += try characterLength(at: k)
            }
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
                if c >= 0x20 && c < 0x80 {
                    k += 1
                } else {
                    k += try characterLength(at: k)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: k - runStart))
            guard k < n else { throw syntaxError("Unterminated string starting at", at: quote) }
            if p[k] == UInt8(ascii: "\"") {
                i = k + 1
                return JSONString(uncheckedWTF8: bytes)
            }
        }
    }

    /// Length of the unescaped non-ASCII or control character at `k` inside a string;
    /// rejects raw control characters (strict mode) and bytes that are not UTF-8.
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
