extension Cookie {
    /// The value of the first cookie called `name` in a `Cookie:` request header, exactly as a
    /// Flask app's `request.cookies.get(name)` returns it when a server receives these bytes;
    /// nil when there is none.
    ///
    /// - Parameters:
    ///   - name: the UTF-8 of the name as Flask knows it (`SESSION_COOKIE_NAME`).
    ///   - header: the header value's bytes, as received (without `Cookie:`). Browsers send one
    ///     header; pass several joined with `";"` or `"; "`, as werkzeug joins them.
    /// - Returns: the UTF-8 of the value werkzeug finds: the text Flask hands to itsdangerous,
    ///   which verifies its UTF-8. For a value of ASCII bytes, as every cookie Flask or Signet
    ///   writes is, these are the header's bytes; a byte 0x80-0xFF, which werkzeug reads as the
    ///   Latin-1 character, comes out as that character's two UTF-8 bytes. At most twice as long
    ///   as `header`; time linear in its length.
    ///
    /// This is werkzeug 3.1's `parse_cookie` on the header decoded as Latin-1 (PEP 3333), step for
    /// step: the first cookie of that name wins; a name without `=` has an empty value; a quoted
    /// value may hold `;` and is unquoted with `\ooo` (octal 000-377) and `\c` escapes, then read
    /// as UTF-8 with U+FFFD for invalid sequences; names and values are stripped of what Python's
    /// `str.strip()` strips, which includes the bytes 0x85 and 0xA0.
    public static func value(named name: some Collection<UInt8>, inHeaderBytes header: some Collection<UInt8>) -> [UInt8]? {
        let name = Array(name)
        return name.withUnsafeBufferPointer { name in
            if let found = header.withContiguousStorageIfAvailable({ value(named: name, inHeader: $0) }) {
                return found
            }
            return Array(header).withUnsafeBufferPointer { value(named: name, inHeader: $0) }
        }
    }

    private static func value(named name: UnsafeBufferPointer<UInt8>, inHeader header: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        switch valueBytes(named: name, inHeader: header) {
        case .slice(let bytes): return Array(bytes)
        case .decoded(let bytes): return bytes
        case nil: return nil
        }
    }

    /// Where ``valueBytes(named:inHeader:)`` found a value.
    package enum ValueBytes {
        /// A slice of the header itself: the value is unquoted ASCII (every cookie Flask or
        /// Signet writes).
        case slice(UnsafeBufferPointer<UInt8>)
        /// The value decoded into new memory (quoted, or holding bytes 0x80-0xFF).
        case decoded([UInt8])
    }

    /// ``value(named:inHeaderBytes:)`` without a copy for unquoted ASCII values; nil when there
    /// is no such cookie. Not generic, so that a C caller's every request runs specialised code.
    package static func valueBytes(named name: UnsafeBufferPointer<UInt8>, inHeader header: UnsafeBufferPointer<UInt8>) -> ValueBytes? {
        var parser = RequestHeader(bytes: header)
        guard let range = parser.valueRange(named: name) else { return nil }
        if let slice = parser.asciiSlice(range) { return .slice(slice) }
        return .decoded(parser.decoded(range))
    }

    /// ``value(named:inHeaderBytes:)`` for text: `header` is taken as the UTF-8 bytes a server
    /// receives when a client sends this text, so a non-ASCII character is seen as werkzeug sees
    /// it then (`"\u{A0}"` arrives as the bytes C2 A0, read as `Â` and a no-break space). `name`
    /// is Flask's `SESSION_COOKIE_NAME`; the value is the text `request.cookies.get(name)` holds.
    public static func value(named name: String, inHeader header: String) -> String? {
        value(named: name.utf8, inHeaderBytes: header.utf8).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A `Cookie:` header seen through werkzeug's regular expression
/// `([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;\s*` (`re.ASCII`), applied with `findall` to
/// the header with `;` appended. The expression is matched without backtracking: the only way a
/// match attempt fails is a line feed that `.` refuses inside an unquoted value, and then, as
/// `findall`, the search resumes one character later.
private struct RequestHeader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The `;` werkzeug appends sits at `bytes.count`.
    var end: Int { bytes.count + 1 }

    static let semicolon = UInt8(ascii: ";"), equals = UInt8(ascii: "="), quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\"), lineFeed = UInt8(ascii: "\n")

    subscript(index: Int) -> UInt8 { index < bytes.count ? bytes[index] : Self.semicolon }

    /// `\s` with `re.ASCII`.
    static func isRegexSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// Python's `str.isspace()` for the Latin-1 character `byte`: 0x09-0x0D, 0x1C-0x20, 0x85,
    /// 0xA0 (bits of one word for those up to 0x20, so that the usual non-space byte costs two
    /// tests).
    static func isPythonSpace(_ byte: UInt8) -> Bool {
        if byte <= 0x20 { return (0x1_F000_3E00 as UInt64) >> byte & 1 != 0 }
        return byte == 0x85 || byte == 0xA0
    }

    func skipRegexSpaces(from index: Int) -> Int {
        var index = index
        while index < end && Self.isRegexSpace(self[index]) { index += 1 }
        return index
    }

    /// Where `.*?\s*;` ends for values starting in one `;`-delimited segment, found once per
    /// segment: the lazy `.*?` stops at the spaces before the segment's `;`, and fails from any
    /// start at or before a line feed ahead of those spaces.
    struct Segment {
        var semicolon = -1
        var spacesStart = -1
        var lastLineFeed = -1
    }
    var segment = Segment()

    mutating func unquotedValueEnd(from start: Int) -> (valueEnd: Int, semicolon: Int)? {
        if start > segment.semicolon {
            let raw = UnsafeRawBufferPointer(bytes)
            // From a start past the text (werkzeug's appended `;`), the segment is empty, as the loop
            // this search replaced found it.
            let textEnd = max(start, bytes.count)
            let semicolon = ByteSearch.firstIndex(of: Self.semicolon, in: raw, range: start..<textEnd) ?? textEnd
            var spacesStart = semicolon
            while spacesStart > start && Self.isRegexSpace(bytes[spacesStart - 1]) { spacesStart -= 1 }
            // Line feeds among the trailing spaces belong to `\s*`; one before them stops `.*?`.
            let lastLineFeed = ByteSearch.lastIndex(of: Self.lineFeed, in: raw, range: start..<spacesStart) ?? start - 1
            segment = Segment(semicolon: semicolon, spacesStart: spacesStart, lastLineFeed: lastLineFeed)
        }
        // `start` is past the spaces skipped after `=`, so it is before the trailing spaces or at `;`.
        guard segment.lastLineFeed < start else { return nil }
        return (max(segment.spacesStart, start), segment.semicolon)
    }

    /// `"(?:[^\\"]|\\.)*"` at `start` followed by `\s*;`: where the quoted value and the `;` are.
    func quotedValueEnd(from start: Int) -> (valueEnd: Int, semicolon: Int)? {
        guard start < end, self[start] == Self.quote else { return nil }
        var index = start + 1
        while index < end && self[index] != Self.quote {
            if self[index] == Self.backslash {
                guard index + 1 < end, self[index + 1] != Self.lineFeed else { return nil }
                index += 2
            } else {
                index += 1
            }
        }
        guard index < end else { return nil }
        let semicolon = skipRegexSpaces(from: index + 1)
        guard semicolon < end, self[semicolon] == Self.semicolon else { return nil }
        return (index + 1, semicolon)
    }

    /// The stripped value of the first cookie called `name`, before ``decoded(_:)``.
    mutating func valueRange(named name: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var position = 0
        while position < end {
            let keyStart = position
            var keyEnd = position
            while self[keyEnd] != Self.equals && self[keyEnd] != Self.semicolon { keyEnd += 1 }
            var value = keyEnd..<keyEnd
            var semicolon = keyEnd
            if self[keyEnd] == Self.equals {
                let start = skipRegexSpaces(from: keyEnd + 1)
                guard let found = quotedValueEnd(from: start) ?? unquotedValueEnd(from: start) else {
                    // No match from here; findall retries one character later, and every start
                    // up to this `=` fails the same way.
                    position = keyEnd + 1
                    continue
                }
                value = start..<found.valueEnd
                semicolon = found.semicolon
            }
            position = skipRegexSpaces(from: semicolon + 1)
            let key = stripped(keyStart..<keyEnd)
            if !key.isEmpty && latin1(key, equalsUTF8: name) {
                return stripped(value)
            }
        }
        return nil
    }

    func stripped(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && Self.isPythonSpace(self[lower]) { lower += 1 }
        while upper > lower && Self.isPythonSpace(self[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Whether the Latin-1 text of `range` is the text whose UTF-8 is `name`.
    func latin1(_ range: Range<Int>, equalsUTF8 name: UnsafeBufferPointer<UInt8>) -> Bool {
        var matched = 0
        for index in range {
            let byte = self[index]
            if byte < 0x80 {
                guard matched < name.count, name[matched] == byte else { return false }
                matched += 1
            } else {
                guard matched + 1 < name.count, name[matched] == 0xC0 | byte >> 6,
                      name[matched + 1] == 0x80 | byte & 0x3F else { return false }
                matched += 2
            }
        }
        return matched == name.count
    }

    /// The bytes of `range` when ``decoded(_:)`` would return them unchanged: not quoted, all ASCII.
    func asciiSlice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8>? {
        guard !isQuoted(range), range.upperBound <= bytes.count else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        // Branch-free, so that the compiler can test many bytes per step.
        var high: UInt8 = 0
        for byte in slice { high |= byte }
        return high < 0x80 ? slice : nil
    }

    func isQuoted(_ range: Range<Int>) -> Bool {
        range.count >= 2 && self[range.lowerBound] == Self.quote && self[range.upperBound - 1] == Self.quote
    }

    static func appendUTF8(ofLatin1 byte: UInt8, to utf8: inout [UInt8]) {
        if byte < 0x80 {
            utf8.append(byte)
        } else {
            utf8.append(0xC0 | byte >> 6)
            utf8.append(0x80 | byte & 0x3F)
        }
    }

    /// werkzeug's value: the Latin-1 text as is, or, quoted, its UTF-8 unslashed by
    /// `\\([0-3][0-7]{2}|.)` and decoded with replacement characters.
    func decoded(_ range: Range<Int>) -> [UInt8] {
        var utf8 = [UInt8]()
        utf8.reserveCapacity(range.count)
        let quoted = isQuoted(range)
        for index in quoted ? range.dropFirst().dropLast() : range {
            Self.appendUTF8(ofLatin1: self[index], to: &utf8)
        }
        guard quoted else { return utf8 }
        return Array(String(decoding: Cookie.unslash(utf8), as: UTF8.self).utf8)
    }
}

extension Cookie {
    /// werkzeug's `_cookie_unslash_re.sub`: `\` and three octal digits 000-377 is that byte;
    /// `\` and any other byte but a line feed is that byte.
    static func unslash(_ bytes: [UInt8]) -> [UInt8] {
        func isOctal(_ byte: UInt8, upTo highest: UInt8) -> Bool { byte >= 0x30 && byte <= highest }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 3 < bytes.count, isOctal(bytes[index + 1], upTo: 0x33),
               isOctal(bytes[index + 2], upTo: 0x37), isOctal(bytes[index + 3], upTo: 0x37) {
                out.append((bytes[index + 1] - 0x30) << 6 | (bytes[index + 2] - 0x30) << 3 | (bytes[index + 3] - 0x30))
                index += 4
            } else {
                out.append(bytes[index + 1])
                index += 2
            }
        }
        return out
    }
}
