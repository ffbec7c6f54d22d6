import Signet

/// `--json` output: one compact JSON object a line, keys sorted, ASCII only (the style of
/// Flask's session JSON, so Python's `json.loads` reads it and `jq -S` leaves it unchanged).
struct JSONOutput {
    private var members: [(key: String, json: [UInt8])] = []

    /// Adds an already-encoded JSON value.
    mutating func raw(_ key: String, _ json: [UInt8]) { members.append((key, json)) }

    mutating func value(_ key: String, _ value: JSONValue) {
        // Encoding a value built here cannot fail: no lone surrogates, finite numbers only.
        raw(key, (try? PythonJSON.encode(value, options: .flask)) ?? Array("null".utf8))
    }

    mutating func string(_ key: String, _ text: String) { value(key, .string(JSONString(text))) }
    mutating func bool(_ key: String, _ flag: Bool) { value(key, .bool(flag)) }
    mutating func integer(_ key: String, _ number: Int64?) { value(key, number.map { .integer(JSONInteger($0)) } ?? .null) }
    mutating func double(_ key: String, _ number: Double) { value(key, .float(number.isFinite ? number : 0)) }

    /// The signing time as Unix seconds and as UTC text, or two nulls.
    mutating func signedAt(_ seconds: Int64?) {
        integer("signed_at", seconds)
        value("signed_at_utc", seconds.map { .string(JSONString(utcText($0))) } ?? .null)
    }

    /// An error, as verify prints it with `--json`.
    mutating func error(_ error: CLIError) {
        string("error", error.className)
        integer("exit_code", Int64(error.code.rawValue))
        value("kind", error.kind.map { .string(JSONString($0)) } ?? .null)
        string("message", error.message)
    }

    /// The object text, keys sorted.
    var bytes: [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += (try? PythonJSON.encode(.string(JSONString(member.key)), options: .flask)) ?? []
            out.append(UInt8(ascii: ":"))
            out += member.json
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
