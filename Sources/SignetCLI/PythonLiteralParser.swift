import Signet

/// A Python literal as `ast.literal_eval` reads it, made into the `SessionValue` Flask would store:
/// dicts, lists, tuples (and parentheses), str and bytes (`PythonStringLiteral`, adjacent ones
/// concatenated), int and float (`PythonNumberLiteral`, one sign), `True`, `False`, `None`;
/// `#` comments and line continuations. Refused although `ast.literal_eval` reads them, because
/// Flask cannot store them (its JSON raises): sets, complex numbers, `Ellipsis`, dict keys that
/// are not str (Flask's JSON would turn 1, True, None keys into strings; Signet asks for them
/// as strings). Markup, UUID and datetime have no literal: they are written as tagged JSON.
///
/// Containers are kept on a heap stack, never by recursion, at most `limits.maxDepth` deep (the
/// JSON depth limit; Python's own parser stops at 200 nested brackets).
struct PythonLiteralParser {
    private let text: UnsafeRawBufferPointer
    private let limits: JSONDecodingLimits
    private var position = 0
    private var frames: [Frame] = []

    private enum Container { case list, parenthesis, braces }

    /// One open bracket: what has been read in it so far.
    private struct Frame {
        let container: Container
        let offset: Int
        var items: [SessionValue] = []
        var members: [(JSONString, SessionValue)] = []
        /// In braces: a key whose `:` has been read, awaiting its value.
        var key: JSONString?
        var sawComma = false
        /// Just after a comma (or the opening bracket): a closing bracket may come.
        var mayClose = true
    }

    static func parse(_ text: [UInt8], limits: JSONDecodingLimits) throws(PythonLiteralError) -> SessionValue {
        try text.withUnsafeBytes { raw in
            Result { () throws(PythonLiteralError) in
                var parser = PythonLiteralParser(text: raw, limits: limits)
                return try parser.parseAll()
            }
        }.get()
    }

    private init(text: UnsafeRawBufferPointer, limits: JSONDecodingLimits) {
        self.text = text
        self.limits = limits
    }

    private mutating func parseAll() throws(PythonLiteralError) -> SessionValue {
        if let nul = text.firstIndex(of: 0) { throw .syntax("a NUL byte is not allowed in Python source", at: nul) }
        guard isValidUTF8(text) else { throw .syntax("the text is not UTF-8", at: 0) }
        while true {
            // A value is expected (or, right after an opening bracket or a comma, a closing one).
            skipSpace()
            guard position < text.count else { throw .syntax("unexpected end of the literal", at: position) }
            var value: SessionValue
            if let closed = try closeIfAllowed() {
                value = closed
            } else if let container = opening(text[position]) {
                guard frames.count < limits.maxDepth else {
                    throw PythonLiteralError(kind: .limit, message: "nesting deeper than \(limits.maxDepth) levels", offset: position)
                }
                frames.append(Frame(container: container, offset: position))
                position += 1
                continue
            } else {
                value = try atom()
            }
            // A value is complete: file it in the open container, closing those it completes.
            while true {
                skipSpace()
                guard !frames.isEmpty else {
                    guard position == text.count else {
                        if text[position] == UInt8(ascii: ",") {
                            throw .unsupported("values separated by commas without brackets make a tuple, not a dict", at: position)
                        }
                        throw .syntax("unexpected text after the literal", at: position)
                    }
                    return value
                }
                guard position < text.count else { throw .syntax("unexpected end of the literal", at: position) }
                let byte = text[position]
                var frame = frames.removeLast()
                if frame.container == .braces, frame.key == nil {
                    guard byte == UInt8(ascii: ":") else {
                        if !frame.members.isEmpty { throw .syntax("expected a colon after the dict key", at: position) }
                        throw .unsupported("a set cannot be in a Flask session", at: frame.offset)
                    }
                    guard case .string(let key) = value else {
                        throw .unsupported("a dict key that is not a str cannot be in a Flask session (write it as a string)", at: position)
                    }
                    frame.key = key
                    frame.mayClose = false
                    frames.append(frame)
                    position += 1
                    break
                }
                if let key = frame.key {
                    frame.members.append((key, value))
                    frame.key = nil
                } else {
                    frame.items.append(value)
                }
                if byte == UInt8(ascii: ",") {
                    frame.sawComma = true
                    frame.mayClose = true
                    frames.append(frame)
                    position += 1
                    break
                }
                guard byte == closing(frame.container) else {
                    throw .syntax("expected a comma or the closing bracket of the one opened at byte \(frame.offset)", at: position)
                }
                position += 1
                value = finished(frame)
            }
        }
    }

    /// The closing bracket of the innermost container when one may come here, its value made.
    private mutating func closeIfAllowed() throws(PythonLiteralError) -> SessionValue? {
        guard let frame = frames.last, text[position] == closing(frame.container), frame.mayClose else { return nil }
        frames.removeLast()
        position += 1
        return finished(frame)
    }

    private func finished(_ frame: Frame) -> SessionValue {
        switch frame.container {
        case .list: return .list(frame.items)
        case .parenthesis: return frame.sawComma || frame.items.isEmpty ? .tuple(frame.items) : frame.items[0]
        case .braces: return .dict(SessionDict(frame.members))
        }
    }

    /// A value that is not a container: strings, numbers, names.
    private mutating func atom() throws(PythonLiteralError) -> SessionValue {
        let start = position
        let byte = text[position]
        if try PythonStringLiteral.prefixLength(text, at: position) != nil { return try strings() }
        if PythonNumberLiteral.starts(text, at: position) {
            return try PythonNumberLiteral.scan(text, at: &position, negative: false, limits: limits)
        }
        if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") { return try signedNumber() }
        guard PythonNumberLiteral.isIdentifierByte(byte) else {
            throw .syntax("unexpected character", at: start)
        }
        while position < text.count, PythonNumberLiteral.isIdentifierByte(text[position]) { position += 1 }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: text[start..<position]), as: UTF8.self)
        switch name {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: break
        }
        skipSpace()
        if position < text.count, text[position] == UInt8(ascii: "(") {
            if name == "set" { throw .unsupported("a set cannot be in a Flask session", at: start) }
            throw .syntax("a call is not a literal (Markup, UUID and datetime are written as tagged JSON)", at: start)
        }
        switch name {
        case "inf", "nan", "Infinity", "NaN":
            throw .syntax("inf and nan are not Python literals (1e999 is infinity; nan has no literal)", at: start)
        case "true", "false", "null":
            throw .syntax("JSON's true, false and null are True, False and None in Python", at: start)
        default:
            throw .syntax("a name is not a literal (only True, False and None are)", at: start)
        }
    }

    /// Adjacent string literals, concatenated as Python does (all str or all bytes). At the top
    /// level a line break ends the literal, as in Python.
    private mutating func strings() throws(PythonLiteralError) -> SessionValue {
        var buffer: [UInt8] = []
        let first = try PythonStringLiteral.scan(text, at: &position, appendingTo: &buffer)
        while true {
            let end = position
            let crossedLine = skipSpace()
            guard position < text.count, !(crossedLine && frames.isEmpty),
                try PythonStringLiteral.prefixLength(text, at: position) != nil
            else {
                position = end
                break
            }
            let next = position
            guard try PythonStringLiteral.scan(text, at: &position, appendingTo: &buffer).isBytes == first.isBytes else {
                throw .syntax("cannot mix bytes and str literals", at: next)
            }
        }
        return first.isBytes ? .bytes(buffer) : .string(JSONString(uncheckedWTF8: buffer))
    }

    /// `-` or `+` and a number, possibly in parentheses: what `ast.literal_eval` takes (one sign,
    /// on an int or float, not on `True`).
    private mutating func signedNumber() throws(PythonLiteralError) -> SessionValue {
        let start = position
        let negative = text[position] == UInt8(ascii: "-")
        position += 1
        var parentheses = 0
        while true {
            skipSpace()
            guard position < text.count, text[position] == UInt8(ascii: "(") else { break }
            parentheses += 1
            position += 1
        }
        guard position < text.count, PythonNumberLiteral.starts(text, at: position) else {
            throw .syntax("a sign applies to a number only", at: start)
        }
        let value = try PythonNumberLiteral.scan(text, at: &position, negative: negative, limits: limits)
        for _ in 0..<parentheses {
            skipSpace()
            guard position < text.count, text[position] == UInt8(ascii: ")") else {
                throw .syntax("a sign applies to a number only", at: start)
            }
            position += 1
        }
        return value
    }

    /// Skips spaces, tabs, form feeds, line breaks, `#` comments and backslash-newline; returns
    /// whether a line break (not a continuation) was crossed.
    @discardableResult
    private mutating func skipSpace() -> Bool {
        var crossedLine = false
        while position < text.count {
            switch text[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0C:
                position += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                crossedLine = true
                position += 1
            case UInt8(ascii: "#"):
                while position < text.count, text[position] != UInt8(ascii: "\n"), text[position] != UInt8(ascii: "\r") { position += 1 }
            case UInt8(ascii: "\\") where position + 1 < text.count && (text[position + 1] == UInt8(ascii: "\n") || text[position + 1] == UInt8(ascii: "\r")):
                position += 2
                if text[position - 1] == UInt8(ascii: "\r"), position < text.count, text[position] == UInt8(ascii: "\n") { position += 1 }
            default:
                return crossedLine
            }
        }
        return crossedLine
    }

    private func opening(_ byte: UInt8) -> Container? {
        switch byte {
        case UInt8(ascii: "["): .list
        case UInt8(ascii: "("): .parenthesis
        case UInt8(ascii: "{"): .braces
        default: nil
        }
    }

    private func closing(_ container: Container) -> UInt8 {
        switch container {
        case .list: UInt8(ascii: "]")
        case .parenthesis: UInt8(ascii: ")")
        case .braces: UInt8(ascii: "}")
        }
    }
}
