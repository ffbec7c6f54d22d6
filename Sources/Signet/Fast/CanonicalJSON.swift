/// Decides, in one pass over the bytes and without building values or allocating, whether JSON
/// text is already canonical: exactly the text that decoding it, re-tagging it (for Flask
/// sessions) and encoding it with Flask's options (compact, ASCII escapes, sorted keys) gives.
///
/// Flask writes its cookies in that form, so a verified cookie's JSON can usually be handed out
/// as it is, and tagged JSON given to mint can be signed as it is. The scanner only ever answers
/// "yes" for text it fully understands; anything unusual (whitespace, floats, escapes in keys,
/// long integers, deep nesting, the `" di"` tag, ...) is "no", and the caller takes the general
/// path, which gives the same result or the right error. So a "no" is never wrong, only slower.
///
/// Accepted, in full:
/// - objects with keys of printable ASCII (no escapes), strictly increasing (sorted, unique);
/// - strings of printable ASCII, `\"` `\\` `\b` `\f` `\n` `\r` `\t`, and `\uXXXX` in lowercase
///   hex for exactly the code units Python escapes (controls without a short form, and 0x7F and
///   above, surrogates included);
/// - integers of at most `maxIntegerDigits` digits without leading zeros, and not `-0`;
/// - `true`, `false`, `null`; nesting up to `maxDepth` containers;
/// - with Flask tags, one-key objects `" t"` (an array), `" m"` (a string), `" b"` (canonical
///   padded base64), `" u"` (32 lowercase hex digits) and `" d"` (an HTTP date exactly as
///   `http_date` writes it), and a root that is an object but not a tag.
struct CanonicalJSONScanner {
    /// The general path's limits bound what is accepted; these keep the fast path well inside
    /// them. The scanner and ``CanonicalSessionReader`` recurse once per level, so the depth
    /// bound is also what keeps their stack use constant (a few KiB): deeper text takes the
    /// general path, which never recurses. Sessions rarely nest more than 4 levels.
    static let maxFastDepth = 16
    static let maxFastIntegerDigits = 18

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private let flaskTags: Bool
    private let maxDepth: Int
    private let maxIntegerDigits: Int
    private var i = 0

    private enum Kind {
        case object, array, string, plainString, scalar
    }

    private enum Tag {
        case none, tuple, markup, bytes, uuid, date, dictEscape
    }

    /// Whether `text` is canonical. `limits` are the decoder's: nothing they would refuse is
    /// accepted.
    static func isCanonical(_ text: UnsafeRawBufferPointer, flaskTags: Bool, limits: JSONDecodingLimits) -> Bool {
        guard let start = text.baseAddress, text.count > 0 else { return false }
        let digits = limits.maxIntegerDigits > 0 ? min(limits.maxIntegerDigits, maxFastIntegerDigits) : maxFastIntegerDigits
        var scanner = CanonicalJSONScanner(
            base: start.assumingMemoryBound(to: UInt8.self), end: text.count, flaskTags: flaskTags,
            maxDepth: min(limits.maxDepth, maxFastDepth), maxIntegerDigits: digits)
        if flaskTags {
            guard scanner.base[0] == UInt8(ascii: "{"), scanner.object(depth: 0, isRoot: true) else { return false }
        } else {
            guard scanner.value(depth: 0) != nil else { return false }
        }
        return scanner.i == scanner.end
    }

    @inline(__always)
    private func peek() -> UInt8? {
        i < end ? base[i] : nil
    }

    private mutating func value(depth: Int) -> Kind? {
        guard let c = peek() else { return nil }
        switch c {
        case UInt8(ascii: "{"): return object(depth: depth, isRoot: false) ? .object : nil
        case UInt8(ascii: "["): return array(depth: depth) ? .array : nil
        case UInt8(ascii: "\""):
            guard let escapes = string() else { return nil }
            return escapes ? .string : .plainString
        case UInt8(ascii: "t"): return literal("true") ? .scalar : nil
        case UInt8(ascii: "f"): return literal("false") ? .scalar : nil
        case UInt8(ascii: "n"): return literal("null") ? .scalar : nil
        default: return integer() ? .scalar : nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        guard CanonicalJSONScanner.matches(word, base + i, end - i) else { return false }
        i += word.utf8CodeUnitCount
        return true
    }

    /// Whether the `count` bytes at `text` start with `word`.
    static func matches(_ word: StaticString, _ text: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let n = word.utf8CodeUnitCount
        guard count >= n else { return false }
        for k in 0..<n where text[k] != word.utf8Start[k] { return false }
        return true
    }

    private mutating func integer() -> Bool {
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while let c = peek(), c &- UInt8(ascii: "0") < 10 { i += 1 }
        let digits = i - digitsStart
        guard digits > 0, digits <= maxIntegerDigits else { return false }
        // No leading zero, and no "-0" (Python reads it as 0 and writes "0").
        if base[digitsStart] == UInt8(ascii: "0") && (digits > 1 || digitsStart > start) { return false }
        return true
    }

    private mutating func array(depth: Int) -> Bool {
        guard depth < maxDepth else { return false }
        i += 1
        if peek() == UInt8(ascii: "]") {
            i += 1
            return true
        }
        while true {
            guard value(depth: depth + 1) != nil else { return false }
            guard let c = peek() else { return false }
            i += 1
            if c == UInt8(ascii: "]") { return true }
            guard c == UInt8(ascii: ",") else { return false }
        }
    }

    private mutating func object(depth: Int, isRoot: Bool) -> Bool {
        guard depth < maxDepth else { return false }
        i += 1
        if peek() == UInt8(ascii: "}") {
            i += 1
            return true
        }
        var previousKey = 0
        var previousKeyLength = -1
        var members = 0
        var firstTag = Tag.none
        var firstKind = Kind.scalar
        var firstValue = 0..<0
        while true {
            guard peek() == UInt8(ascii: "\"") else { return false }
            i += 1
            let key = i
            while let c = peek(), c != UInt8(ascii: "\"") {
                // Keys are plain printable ASCII: byte order is then Python's code point order.
                guard c >= 0x20, c < 0x7F, c != UInt8(ascii: "\\") else { return false }
                i += 1
            }
            guard i < end else { return false }
            let keyLength = i - key
            i += 1
            if previousKeyLength >= 0 {
                guard keyIsGreater(key, keyLength, than: previousKey, previousKeyLength) else { return false }
            }
            previousKey = key
            previousKeyLength = keyLength
            guard peek() == UInt8(ascii: ":") else { return false }
            i += 1
            let valueStart = i
            guard let kind = value(depth: depth + 1) else { return false }
            if members == 0 && flaskTags {
                firstTag = tag(key, keyLength)
                firstKind = kind
                firstValue = valueStart..<i
            }
            members += 1
            guard let c = peek() else { return false }
            i += 1
            if c == UInt8(ascii: "}") { break }
            guard c == UInt8(ascii: ",") else { return false }
        }
        guard flaskTags, members == 1, firstTag != .none else { return true }
        // A one-key object with a tag key is a tagged value: it round-trips only in the form
        // Flask's tag would write back. A tagged root is not a session.
        if isRoot { return false }
        let text = UnsafeBufferPointer(start: base + firstValue.lowerBound + 1, count: max(0, firstValue.count - 2))
        switch firstTag {
        case .none: return true
        case .tuple: return firstKind == .array
        case .markup: return firstKind == .string || firstKind == .plainString
        case .bytes: return firstKind == .plainString && CanonicalJSONScanner.isCanonicalStandardBase64(text)
        case .uuid: return firstKind == .plainString && CanonicalJSONScanner.isCanonicalUUID(text)
        case .date: return firstKind == .plainString && CanonicalJSONScanner.isCanonicalHTTPDate(text)
        case .dictEscape: return false
        }
    }

    private func keyIsGreater(_ key: Int, _ length: Int, than other: Int, _ otherLength: Int) -> Bool {
        let common = min(length, otherLength)
        for k in 0..<common where base[key + k] != base[other + k] {
            return base[key + k] > base[other + k]
        }
        return length > otherLength
    }

    private func tag(_ key: Int, _ length: Int) -> Tag {
        guard length >= 2, length <= 3, base[key] == UInt8(ascii: " ") else { return .none }
        if length == 3 {
            return base[key + 1] == UInt8(ascii: "d") && base[key + 2] == UInt8(ascii: "i") ? .dictEscape : .none
        }
        switch base[key + 1] {
        case UInt8(ascii: "t"): return .tuple
        case UInt8(ascii: "m"): return .markup
        case UInt8(ascii: "b"): return .bytes
        case UInt8(ascii: "u"): return .uuid
        case UInt8(ascii: "d"): return .date
        default: return .none
        }
    }

    /// Scans a string at `i` (on its opening quote). nil: not canonical; otherwise whether it
    /// holds escapes.
    private mutating func string() -> Bool? {
        i += 1
        var escapes = false
        while i < end {
            // Eight bytes at a time (SWAR) while they are all plain printable ASCII.
            while i + 8 <= end, !CanonicalJSONScanner.hasSpecialByte(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
            }
            guard i < end else { return nil }
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return escapes
            }
            if c != UInt8(ascii: "\\") {
                guard c >= 0x20, c < 0x7F else { return nil }
                i += 1
                continue
            }
            escapes = true
            guard i + 1 < end else { return nil }
            switch base[i + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 2
            case UInt8(ascii: "u"):
                guard i + 6 <= end else { return nil }
                var unit: UInt32 = 0
                for k in 2..<6 {
                    let h = base[i + k]
                    let digit: UInt8
                    if h &- UInt8(ascii: "0") < 10 {
                        digit = h &- UInt8(ascii: "0")
                    } else if h &- UInt8(ascii: "a") < 6 {
                        digit = h &- UInt8(ascii: "a") &+ 10
                    } else {
                        return nil
                    }
                    unit = unit << 4 | UInt32(digit)
                }
                // Python escapes controls without a short form, and everything past '~'.
                let hasShortForm = unit == 0x08 || unit == 0x09 || unit == 0x0A || unit == 0x0C || unit == 0x0D
                guard unit >= 0x7F || (unit < 0x20 && !hasShortForm) else { return nil }
                i += 6
            default:
                return nil
            }
        }
        return nil
    }

    /// Whether any of the eight bytes in `x` needs a closer look inside a string: a control
    /// (< 0x20), 0x7F or above, `"` or `\`. Each test is exact for "any byte" (the usual
    /// has-zero-byte bit tricks).
    @inline(__always)
    static func hasSpecialByte(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ y: UInt64) -> UInt64 { (y &- ones) & ~y & highs }
        let control = (x &- ones &* 0x20) & ~x & highs
        let highOrDelete = (x | ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ ones)) & highs
        let quote = hasZeroByte(x ^ (ones &* 0x22))
        let backslash = hasZeroByte(x ^ (ones &* 0x5C))
        return (control | highOrDelete | quote | backslash) != 0
    }

    /// `base64.b64encode` output: padded, standard alphabet, unused bits zero.
    static func isCanonicalStandardBase64(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count % 4 == 0 else { return false }
        var body = text.count
        while body > 0, text.count - body < 2, text[body - 1] == UInt8(ascii: "=") { body -= 1 }
        var last: UInt8 = 0
        for k in 0..<body {
            let c = text[k]
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): last = c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): last = c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): last = c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): last = 62
            case UInt8(ascii: "/"): last = 63
            default: return false
            }
        }
        switch text.count - body {
        case 1: return last & 0x03 == 0
        case 2: return last & 0x0F == 0
        default: return true
        }
    }

    /// `uuid.hex`: 32 lowercase hex digits.
    static func isCanonicalUUID(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.count == 32 && text.allSatisfy { $0 &- UInt8(ascii: "0") < 10 || $0 &- UInt8(ascii: "a") < 6 }
    }

    /// `http_date`'s exact output, `Thu, 02 Jan 2020 03:04:05 GMT`, for a real date of years
    /// 100 to 9999 with its own weekday (`parse_date` reads years below 100 as 19xx/20xx).
    static func isCanonicalHTTPDate(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count == 29 else { return false }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for k in at..<(at + count) {
                let d = text[k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        func matches(_ at: Int, _ word: String) -> Bool {
            var k = at
            for byte in word.utf8 {
                guard text[k] == byte else { return false }
                k += 1
            }
            return true
        }
        guard matches(3, ", "), text[7] == 0x20, text[11] == 0x20, text[16] == 0x20,
            text[19] == UInt8(ascii: ":"), text[22] == UInt8(ascii: ":"), matches(25, " GMT"),
            let day = digits(5, 2), let year = digits(12, 4), let hour = digits(17, 2),
            let minute = digits(20, 2), let second = digits(23, 2),
            year >= 100, hour < 24, minute < 60, second < 60,
            let month = HTTPDate.months.firstIndex(where: { matches(8, $0) }).map({ $0 + 1 }),
            day >= 1, day <= HTTPDate.daysIn(month: month, year: year)
        else { return false }
        let days = HTTPDate.daysSinceEpoch(year: Int64(year), month: month, day: day)
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        return matches(0, HTTPDate.weekdays[weekday])
    }
}
