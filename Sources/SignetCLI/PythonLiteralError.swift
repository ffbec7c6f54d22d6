/// Why text is not a Python literal Signet can sign. The message names the problem and the byte
/// offset, never the text: the input may hold a secret.
struct PythonLiteralError: Error {
    enum Kind {
        /// Not a Python literal (Python's `ast.literal_eval` refuses it too).
        case syntax
        /// A literal, but of a type no Flask session can hold (set, complex, non-str dict key).
        case unsupported
        /// Deeper than the JSON depth limit, or an integer longer than the digit limit.
        case limit
    }

    let kind: Kind
    let message: String
    let offset: Int

    static func syntax(_ message: String, at offset: Int) -> PythonLiteralError {
        PythonLiteralError(kind: .syntax, message: message, offset: offset)
    }

    static func unsupported(_ message: String, at offset: Int) -> PythonLiteralError {
        PythonLiteralError(kind: .unsupported, message: message, offset: offset)
    }

    var description: String { "\(message) at byte \(offset)" }
}
