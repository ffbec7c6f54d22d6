/// What a ``JSONReader`` tells as it reads: one call per token, in text order. A sink builds a
/// value, checks the text or looks something up; the reader alone decides what is JSON.
///
/// Events never fail: a sink that finds something it cannot use records it and answers once
/// the whole text has been read, so the reader's errors (syntax, limits, UTF-8) always win, as
/// they do in Python, which parses the whole text before anything else looks at it.
protocol JSONSink {
    /// `[` at byte `offset`.
    mutating func beginArray(at offset: Int)
    /// `]`, ending just before byte `end`.
    mutating func endArray(at end: Int)
    /// `{` at byte `offset`.
    mutating func beginObject(at offset: Int)
    /// `}`, ending just before byte `end`.
    mutating func endObject(at end: Int)
    /// An object's key; its value's events follow.
    mutating func key(_ key: JSONStringToken)
    mutating func string(_ string: JSONStringToken)
    /// An integer: its canonical decimal text (`-0` given as `0`) and whether the text says just that.
    mutating func integer(_ canonical: UnsafeBufferPointer<UInt8>, asWritten: Bool)
    /// A float and its text (a number, or `NaN`, `Infinity`, `-Infinity`).
    mutating func float(_ value: Double, text: UnsafeBufferPointer<UInt8>)
    mutating func bool(_ value: Bool)
    mutating func null()
    /// The text was refused: drop whatever is half-built.
    mutating func abandon()
}

/// A string as the text holds it: the bytes between its quotes, checked by the reader.
struct JSONStringToken {
    let raw: UnsafeBufferPointer<UInt8>
    let hasEscapes: Bool
    /// Whether `json.dumps` with `ensure_ascii` writes the string back as exactly `raw`:
    /// printable ASCII, and only the escapes Python writes, in lowercase hex.
    let isCanonical: Bool

    /// The string's value as WTF-8: escapes decoded, a surrogate pair joined, a lone surrogate
    /// kept as itself.
    var value: JSONString {
        @inline(__always) get { hasEscapes ? unescaped : JSONString(uncheckedWTF8: raw) }
    }

    /// `value` of a string with escapes.
    private var unescaped: JSONString {
        @inline(never) get {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.count)
            var k = 0
            let n = raw.count
            while k < n {
                let run = k
                while k < n, raw[k] != UInt8(ascii: "\\") { k += 1 }
                if k > run { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: raw[run..<k])) }
                guard k < n else { break }
                let escape = raw[k + 1]
                k += 2
                guard escape == UInt8(ascii: "u") else {
                    bytes.append(JSONReader<NoSink>.shortEscapeValue(escape)!)
                    continue
                }
                // The reader checked every \u: four hex digits follow.
                var codePoint = UInt32(hex4(raw.baseAddress! + k)!)
                k += 4
                if codePoint & 0xFC00 == 0xD800, k + 6 <= n, raw[k] == UInt8(ascii: "\\"), raw[k + 1] == UInt8(ascii: "u"),
                    let low = hex4(raw.baseAddress! + k + 2), low & 0xFC00 == 0xDC00
                {
                    codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    k += 6
                }
                WTF8.append(codePoint, to: &bytes)
            }
            return JSONString(uncheckedWTF8: bytes)
        }
    }

    /// Whether the value equals `other` (compared without building it when there is no escape).
    func equals(_ other: JSONString) -> Bool {
        guard hasEscapes else { return other.withWTF8 { $0.elementsEqual(raw) } }
        return value == other
    }
}

/// A sink that ignores everything: the reader as a validator, and the home of its static helpers.
struct NoSink: JSONSink {
    mutating func beginArray(at offset: Int) {}
    mutating func endArray(at end: Int) {}
    mutating func beginObject(at offset: Int) {}
    mutating func endObject(at end: Int) {}
    mutating func key(_ key: JSONStringToken) {}
    mutating func string(_ string: JSONStringToken) {}
    mutating func integer(_ canonical: UnsafeBufferPointer<UInt8>, asWritten: Bool) {}
    mutating func float(_ value: Double, text: UnsafeBufferPointer<UInt8>) {}
    mutating func bool(_ value: Bool) {}
    mutating func null() {}
    mutating func abandon() {}
}

/// The value of four hex digits (either case) at `p`, or nil. The one hex-digit reader.
@inline(__always)
func hex4(_ p: UnsafePointer<UInt8>) -> UInt16? {
    var value: UInt16 = 0
    for k in 0..<4 {
        guard let digit = hexValue(p[k]) else { return nil }
        value = value << 4 | UInt16(digit)
    }
    return value
}

/// `json.loads`'s grammar for UTF-8 bytes, following CPython 3.11's C scanner
/// (`Modules/_json.c`) with `strict=True`: the same accepted language, the same error messages,
/// and the limits of ``JSONDecodingLimits``. The one JSON parser of the library: values, Flask
/// sessions, the canonical check and member lookup are sinks it feeds.
///
/// Containers are tracked on an explicit stack of bits, never by recursion, so input depth
/// cannot exhaust the machine stack; `limits.maxDepth` stands in for Python's recursion limit.
/// Every byte is looked at a bounded number of times, so reading is linear.
///
/// The reader is specialised for each sink (no dynamic dispatch) and its hot paths are inlined
/// into one loop: a session cookie's JSON is read on every request, so the cost per token is
/// what `signet_verify` pays beyond the cryptography. Errors are built out of line.
struct JSONReader<Sink: JSONSink> {
    private let p: UnsafePointer<UInt8>
    private let n: Int
    private let limits: JSONDecodingLimits
    private var i = 0
    private var sink: Sink
    /// Open containers, innermost in the lowest bit: 1 for an object. 64 levels live here,
    /// deeper ones spill to `spilled` (allocated only for such text, freed by `read`), so the
    /// reader holds no reference and costs nothing to set up or drop.
    private var levels: UInt64 = 0
    private var depth = 0
    private var spilled: UnsafeMutablePointer<UInt64>? = nil
    private var spilledCapacity = 0
    /// No whitespace anywhere: the layout `json.dumps` writes with compact separators.
    private var isCompact = true

    private init(_ p: UnsafePointer<UInt8>, _ n: Int, _ limits: JSONDecodingLimits, _ sink: Sink) {
        self.p = p
        self.n = n
        self.limits = limits
        self.sink = sink
    }

    /// Reads `bytes` into `sink`; returns whether the text had no whitespace at all. On error
    /// the sink is told to abandon its work.
    @discardableResult
    static func read(_ bytes: UnsafeRawBufferPointer, limits: JSONDecodingLimits, into sink: inout Sink) throws(SignetError) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            sink.abandon()
            throw SignetError(.badJSON, "Expecting value: line 1 column 1 (char 0)")
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        var reader = JSONReader(p, bytes.count, limits, sink)
        defer {
            reader.spilled?.deallocate()
            sink = reader.sink
        }
        do {
            try reader.readDocument()
            return reader.isCompact
        } catch {
            reader.sink.abandon()
            throw refinedError(error, p, bytes.count)
        }
    }

    /// Python decodes the whole payload as UTF-8 before parsing, so a bad byte anywhere wins
    /// over whatever the parser stopped at.
    @inline(never)
    private static func refinedError(_ error: SignetError, _ p: UnsafePointer<UInt8>, _ count: Int) -> SignetError {
        guard let offset = WTF8.firstInvalidUTF8(p, count: count) else { return error }
        let byte = p[offset]
        return SignetError(
            .badJSON,
            "invalid UTF-8 at byte \(offset): 'utf-8' codec can't decode byte 0x"
                + (byte < 0x10 ? "0" : "") + String(byte, radix: 16) + " (Python fails before JSON parsing)")
    }

    // MARK: - Errors

    /// `JSONDecodeError`'s text: `msg: line L column C (char N)`, counted in code points.
    @inline(never)
    private func syntaxError(_ message: StaticString, at offset: Int) -> SignetError {
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

    /// "Expecting value" where a number was looked for; Python's own message for a BOM.
    @inline(never)
    private func expectingValueError(at offset: Int) -> SignetError {
        if offset == 0 && n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            return syntaxError("Unexpected UTF-8 BOM (decode using utf-8-sig)", at: 0)
        }
        return syntaxError("Expecting value", at: offset)
    }

    @inline(never)
    private func depthError(isObject: Bool) -> SignetError {
        SignetError(
            .jsonTooDeep,
            "nesting deeper than \(limits.maxDepth) levels at byte \(i) "
                + "(Python: maximum recursion depth exceeded while decoding a JSON "
                + (isObject ? "object" : "array") + ")")
    }

    @inline(never)
    private func integerError(digits: Int) -> SignetError {
        SignetError(
            .integerTooLong,
            "Exceeds the limit (\(limits.maxIntegerDigits) digits) for integer string conversion: "
                + "value has \(digits) digits")
    }

    // MARK: - Structure

    @inline(__always)
    private mutating func skipWhitespace() {
        // Compact text has none: one test settles it.
        guard i < n, p[i] <= 0x20 else { return }
        while i < n {
            let c = p[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            isCompact = false
            i &+= 1
        }
    }

    @inline(__always)
    private mutating func push(isObject: Bool) {
        if depth > 0 && depth & 63 == 0 { spill() }
        levels = levels << 1 | (isObject ? 1 : 0)
        depth &+= 1
    }

    /// Closes the innermost container; returns whether it was an object.
    @inline(__always)
    private mutating func pop() -> Bool {
        let isObject = levels & 1 == 1
        levels >>= 1
        depth &-= 1
        if depth > 0 && depth & 63 == 0 { levels = spilled![(depth >> 6) - 1] }
        return isObject
    }

    /// Saves the full word of levels before a 65th, 129th, ... level opens.
    @inline(never)
    private mutating func spill() {
        let index = (depth >> 6) - 1
        if index >= spilledCapacity {
            let capacity = max(4, spilledCapacity * 2)
            let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            if let old = spilled {
                grown.moveInitialize(from: old, count: spilledCapacity)
                old.deallocate()
            }
            spilled = grown
            spilledCapacity = capacity
        }
        spilled![index] = levels
        levels = 0
    }

    @inline(__always)
    private mutating func readDocument() throws(SignetError) {
        // A text starting with a UTF-8 BOM fails as a number at byte 0, where the error says so.
        skipWhitespace()
        expectingValue: while true {
            guard i < n else { throw syntaxError("Expecting value", at: i) }
            switch p[i] {
            case UInt8(ascii: "\""):
                sink.string(try readString())
            case UInt8(ascii: "["):
                // Python counts empty containers towards the depth too.
                try checkDepth(isObject: false)
                sink.beginArray(at: i)
                i &+= 1
                skipWhitespace()
                if i < n && p[i] == UInt8(ascii: "]") {
                    i &+= 1
                    sink.endArray(at: i)
                } else {
                    push(isObject: false)
                    continue expectingValue
                }
            case UInt8(ascii: "{"):
                try checkDepth(isObject: true)
                sink.beginObject(at: i)
                i &+= 1
                skipWhitespace()
                if i < n && p[i] == UInt8(ascii: "}") {
                    i &+= 1
                    sink.endObject(at: i)
                } else {
                    push(isObject: true)
                    try readKeyAndColon()
                    continue expectingValue
                }
            case UInt8(ascii: "n") where matches("null", at: i):
                i &+= 4
                sink.null()
            case UInt8(ascii: "t") where matches("true", at: i):
                i &+= 4
                sink.bool(true)
            case UInt8(ascii: "f") where matches("false", at: i):
                i &+= 5
                sink.bool(false)
            case UInt8(ascii: "N") where matches("NaN", at: i):
                floatLiteral(.nan, 3)
            case UInt8(ascii: "I") where matches("Infinity", at: i):
                floatLiteral(.infinity, 8)
            case UInt8(ascii: "-") where matches("-Infinity", at: i):
                floatLiteral(-.infinity, 9)
            default:
                try readNumber()
            }

            // A value is complete: see what follows it in the innermost container.
            while depth > 0 {
                skipWhitespace()
                guard i < n else { throw syntaxError("Expecting ',' delimiter", at: i) }
                let c = p[i]
                let isObject = levels & 1 == 1
                if c == UInt8(ascii: ",") {
                    i &+= 1
                    skipWhitespace()
                    if isObject { try readKeyAndColon() }
                    continue expectingValue
                }
                guard c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw syntaxError("Expecting ',' delimiter", at: i)
                }
                i &+= 1
                _ = pop()
                if isObject { sink.endObject(at: i) } else { sink.endArray(at: i) }
            }
            skipWhitespace()
            if i != n { throw syntaxError("Extra data", at: i) }
            return
        }
    }

    @inline(__always)
    private func checkDepth(isObject: Bool) throws(SignetError) {
        if depth >= limits.maxDepth { throw depthError(isObject: isObject) }
    }

    /// Reads `"key"` and `:` with the whitespace around them; `i` then points at the value.
    /// Transparent: `@inline(__always)` left it a call, which kept the reader's state in memory.
    @_transparent
    private mutating func readKeyAndColon() throws(SignetError) {
        guard i < n && p[i] == UInt8(ascii: "\"") else {
            throw syntaxError("Expecting property name enclosed in double quotes", at: i)
        }
        sink.key(try readString())
        if i < n && p[i] == UInt8(ascii: ":") {
            i &+= 1
        } else {
            skipWhitespace()
            guard i < n && p[i] == UInt8(ascii: ":") else { throw syntaxError("Expecting ':' delimiter", at: i) }
            i &+= 1
        }
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

    @inline(__always)
    private mutating func floatLiteral(_ value: Double, _ count: Int) {
        sink.float(value, text: UnsafeBufferPointer(start: p + i, count: count))
        i += count
    }

    @inline(__always)
    private func isDigit(_ offset: Int) -> Bool {
        offset < n && p[offset] &- UInt8(ascii: "0") < 10
    }

    /// `_match_number_unicode`: an optional fraction or exponent that is not followed by a
    /// digit is left for the caller (so `1.` and `1e` stop before the `.` / `e`).
    @inline(__always)
    private mutating func readNumber() throws(SignetError) {
        let start = i
        var k = i
        if p[k] == UInt8(ascii: "-") { k &+= 1 }
        let integerStart = k
        if isDigit(k) && p[k] != UInt8(ascii: "0") {
            k &+= 1
            while isDigit(k) { k &+= 1 }
        } else if k < n && p[k] == UInt8(ascii: "0") {
            k &+= 1
        } else {
            throw expectingValueError(at: start)
        }
        let integerEnd = k
        if k < n && (p[k] | 0x20 == UInt8(ascii: "e") || p[k] == UInt8(ascii: ".")) {
            try readFraction(start, integerStart, integerEnd)
            return
        }
        i = k
        try finishInteger(start, integerStart, integerEnd)
    }

    @inline(__always)
    private mutating func finishInteger(_ start: Int, _ integerStart: Int, _ integerEnd: Int) throws(SignetError) {
        let digitCount = integerEnd &- integerStart
        if limits.maxIntegerDigits > 0 && digitCount > limits.maxIntegerDigits {
            throw integerError(digits: digitCount)
        }
        // `-0` is the integer 0; any other literal is already canonical.
        let isNegativeZero = digitCount == 1 && start != integerStart && p[integerStart] == UInt8(ascii: "0")
        let textStart = isNegativeZero ? integerStart : start
        sink.integer(UnsafeBufferPointer(start: p + textStart, count: integerEnd &- textStart), asWritten: !isNegativeZero)
    }

    /// A number's fraction and exponent, if they are there: a float, or an integer when
    /// neither is complete (`1.` and `1e`).
    @inline(never)
    private mutating func readFraction(_ start: Int, _ integerStart: Int, _ integerEnd: Int) throws(SignetError) {
        var k = integerEnd
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
        guard isFloat else {
            i = integerEnd
            try finishInteger(start, integerStart, integerEnd)
            return
        }
        i = k
        sink.float(FloatParse.parse(p + start, count: k - start), text: UnsafeBufferPointer(start: p + start, count: k - start))
    }

    /// `json.dumps`'s character for the short escape `\escape`, or nil for one JSON does not have.
    @inline(__always)
    static func shortEscapeValue(_ escape: UInt8) -> UInt8? {
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return escape
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// Whether the four hex digits at `offset` are how `json.dumps` writes `unit`: lowercase,
    /// for a control without a short form or anything past `~`.
    @inline(__always)
    private func isCanonicalEscape(_ unit: UInt16, at offset: Int) -> Bool {
        for k in offset..<(offset + 4) where p[k] &- UInt8(ascii: "A") < 6 { return false }
        let hasShortForm = unit == 0x08 || unit == 0x09 || unit == 0x0A || unit == 0x0C || unit == 0x0D
        return unit >= 0x7F || (unit < 0x20 && !hasShortForm)
    }

    // MARK: - Strings

    /// `scanstring_unicode` with `strict=True`; `i` points at the opening quote. Most strings
    /// are plain printable ASCII: those are read here, the rest by `readString(from:at:)`.
    @inline(__always)
    private mutating func readString() throws(SignetError) -> JSONStringToken {
        let start = i &+ 1
        let k = nextSpecialByte(from: start)
        if k < n && p[k] == UInt8(ascii: "\"") {
            i = k &+ 1
            return JSONStringToken(raw: UnsafeBufferPointer(start: p + start, count: k &- start), hasEscapes: false, isCanonical: true)
        }
        return try readString(from: start, at: k)
    }

    /// The rest of the string that starts at `start`, from its first byte `position` that is not
    /// plain printable ASCII.
    @inline(never)
    private mutating func readString(from start: Int, at position: Int) throws(SignetError) -> JSONStringToken {
        let quote = start - 1
        var k = position
        var hasEscapes = false
        var isCanonical = true
        while true {
            guard k < n else { throw syntaxError("Unterminated string starting at", at: quote) }
            let c = p[k]
            if c == UInt8(ascii: "\"") {
                i = k + 1
                return JSONStringToken(
                    raw: UnsafeBufferPointer(start: p + start, count: k - start), hasEscapes: hasEscapes,
                    isCanonical: isCanonical)
            }
            if c != UInt8(ascii: "\\") {
                if c < 0x20 { throw syntaxError("Invalid control character at", at: k) }
                // 0x7F and non-ASCII: Python escapes them.
                isCanonical = false
                if c == 0x7F {
                    k = nextSpecialByte(from: k + 1)
                    continue
                }
                let length = WTF8.validSequenceLength(p, k, n)
                if length == 0 { throw SignetError(.badJSON, "invalid UTF-8 at byte \(k)") }
                k = nextSpecialByte(from: k + length)
                continue
            }
            hasEscapes = true
            k += 1
            guard k < n else { throw syntaxError("Unterminated string starting at", at: quote) }
            let escape = p[k]
            if escape == UInt8(ascii: "u") {
                // Python wants one more character after the four digits (it would be the quote).
                guard k + 5 < n, let unit = hex4(p + k + 1) else { throw syntaxError("Invalid \\uXXXX escape", at: k) }
                isCanonical = isCanonical && isCanonicalEscape(unit, at: k + 1)
                k += 5
                if unit >= 0xD800 && unit <= 0xDBFF && k + 6 < n && p[k] == UInt8(ascii: "\\") && p[k + 1] == UInt8(ascii: "u") {
                    guard let low = hex4(p + k + 2) else { throw syntaxError("Invalid \\uXXXX escape", at: k + 1) }
                    if low >= 0xDC00 && low <= 0xDFFF {
                        isCanonical = isCanonical && isCanonicalEscape(low, at: k + 2)
                        k += 6
                    }
                }
            } else {
                guard Self.shortEscapeValue(escape) != nil else { throw syntaxError("Invalid \\escape", at: k - 1) }
                // Python writes "/" as itself.
                if escape == UInt8(ascii: "/") { isCanonical = false }
                k += 1
            }
            k = nextSpecialByte(from: k)
        }
    }

    /// The first byte at or after `start` that is not plain printable ASCII inside a string
    /// (see ``specialBytes(_:)``), or `n` when the text ends first. Eight bytes at a time; the
    /// last few bytes of the text through its last eight.
    @inline(__always)
    private func nextSpecialByte(from start: Int) -> Int {
        var k = start
        while k &+ 8 <= n {
            let special = Self.specialBytes(load(k))
            if special != 0 { return k &+ special.trailingZeroBitCount &>> 3 }
            k &+= 8
        }
        guard k < n else { return n }
        guard n >= 8 else {
            while k < n && !Self.isSpecial(p[k]) { k &+= 1 }
            return k
        }
        // The text's last eight bytes, shifted so that byte `k` comes first. The zero bytes
        // shifted in count as special (controls) and lie past the end.
        let special = Self.specialBytes(load(n &- 8) &>> UInt64(truncatingIfNeeded: (k &+ 8 &- n) &* 8))
        return min(k &+ special.trailingZeroBitCount &>> 3, n)
    }

    /// Whether `c` needs a closer look inside a string: a control, 0x7F or above, `"` or `\`.
    @inline(__always)
    static func isSpecial(_ c: UInt8) -> Bool {
        c < 0x20 || c >= 0x7F || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\")
    }

    /// The eight bytes at `offset`, the first in the lowest byte.
    @inline(__always)
    private func load(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self))
    }

    /// The bytes of `x` (first in the lowest byte) that need a closer look inside a string: a
    /// control (< 0x20), 0x7F or above, `"` or `\`. The high bit of the lowest such byte is set,
    /// and none below it; above it a byte may be marked that is not special (the usual
    /// has-zero-byte bit tricks borrow upwards), so only the lowest mark counts.
    @inline(__always)
    static func specialBytes(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ y: UInt64) -> UInt64 { (y &- ones) & ~y & highs }
        let control = (x &- ones &* 0x20) & ~x & highs
        let highOrDelete = (x | ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ ones)) & highs
        let quote = zeroBytes(x ^ (ones &* 0x22))
        let backslash = zeroBytes(x ^ (ones &* 0x5C))
        return control | highOrDelete | quote | backslash
    }
}
