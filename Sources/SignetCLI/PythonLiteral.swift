/// Wordlist lines written as one Python string or bytes literal (`"key"`, `'k\x00y'`, `b'\xff'`),
/// the format of flask-unsign's wordlist, decoded by `PythonStringLiteral` as `ast.literal_eval`
/// decodes them. A str becomes its UTF-8 bytes (as itsdangerous encodes a str key); a bytes
/// literal is its bytes. A line that is not exactly one such literal (implicit concatenation
/// included), is not UTF-8, or holds a lone surrogate (no UTF-8: no key) is no literal.
enum PythonLiteral {
    /// The key `line` denotes, written into `key` (reused, so the audit loop allocates nothing),
    /// or false when the line is not one literal. ASCII whitespace around it is ignored, as
    /// flask-unsign strips each line.
    static func decode(_ line: UnsafeRawBufferPointer, into key: inout [UInt8]) -> Bool {
        var start = 0
        var end = line.count
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        // Most lines of a plain wordlist end in no quote: they cost one comparison.
        guard end - start >= 2, line[end - 1] == UInt8(ascii: "'") || line[end - 1] == UInt8(ascii: "\"") else { return false }
        let text = UnsafeRawBufferPointer(rebasing: line[0..<end])
        key.removeAll(keepingCapacity: true)
        var position = start
        do {
            let token = try PythonStringLiteral.scan(text, at: &position, appendingTo: &key)
            guard position == end, !token.hasSurrogate else { return false }
            return token.isBytes || isValidUTF8(UnsafeRawBufferPointer(rebasing: text[start..<end]))
        } catch {
            return false
        }
    }

    /// Python's `str.strip()` on ASCII: space, `\t \n \v \f \r` and `\x1c`...`\x1f`.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }
}

/// Whether `text` is UTF-8 (Python source must be; flask-unsign takes a line that is not raw).
func isValidUTF8(_ text: UnsafeRawBufferPointer) -> Bool {
    guard text.contains(where: { $0 >= 0x80 }) else { return true }
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = text.makeIterator()
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}
