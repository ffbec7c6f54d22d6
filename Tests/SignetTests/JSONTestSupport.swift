import Foundation
import XCTest

@testable import Signet

/// Shared by the JSON tests: the tagged value format that `Tests/Scripts/json_oracle.py` speaks
/// (see its docstring), the committed vectors, and a one-shot python3 runner.
enum JSONTestSupport {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let oracleScript = testsDirectory.appendingPathComponent("Scripts/json_oracle.py")
    static let vectorFile = testsDirectory.appendingPathComponent("Vectors/json/cases.txt")
    static let jsonTestSuiteFile = testsDirectory.appendingPathComponent("Vectors/json/JSONTestSuite.txt")

    static let optionSets: [(name: String, options: JSONEncodingOptions)] = [
        ("pythonDefault", .pythonDefault), ("compact", .compact), ("flask", .flask),
    ]

    // MARK: - Hex

    static func hex<S: Sequence<UInt8>>(_ bytes: S) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex<S: StringProtocol>(_ text: S) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    // MARK: - Tagged values

    static func tag(_ value: JSONValue) -> String {
        var out = ""
        tag(value, into: &out)
        return out
    }

    private static func tag(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "n"
        case .bool(let flag): out += flag ? "t" : "f"
        case .integer(let integer): out += "i\(integer.decimal);"
        case .float(let double):
            let bits = String(double.bitPattern, radix: 16)
            out += "d" + String(repeating: "0", count: 16 - bits.count) + bits + ";"
        case .string(let string): out += "s\(hex(string.wtf8));"
        case .array(let elements):
            out += "a\(elements.count);"
            for element in elements { tag(element, into: &out) }
        case .object(let object):
            out += "o\(object.count);"
            for member in object.members {
                out += "s\(hex(member.key.wtf8));"
                tag(member.value, into: &out)
            }
        }
    }

    struct TagError: Error, CustomStringConvertible {
        let description: String
    }

    static func untag(_ text: Substring) throws -> JSONValue {
        var rest = text
        let value = try untagValue(&rest)
        guard rest.isEmpty else { throw TagError(description: "trailing tagged text") }
        return value
    }

    private static func field(_ rest: inout Substring) throws -> Substring {
        guard let end = rest.firstIndex(of: ";") else { throw TagError(description: "missing ;") }
        let result = rest[..<end]
        rest = rest[rest.index(after: end)...]
        return result
    }

    private static func untagString(_ rest: inout Substring) throws -> JSONString {
        guard rest.first == "s" else { throw TagError(description: "expected a string tag") }
        rest = rest.dropFirst()
        guard let bytes = unhex(try field(&rest)) else { throw TagError(description: "bad hex") }
        return JSONString(uncheckedWTF8: bytes)
    }

    private static func untagValue(_ rest: inout Substring) throws -> JSONValue {
        guard let kind = rest.first else { throw TagError(description: "truncated") }
        if kind == "s" { return .string(try untagString(&rest)) }
        rest = rest.dropFirst()
        switch kind {
        case "n": return .null
        case "t": return .bool(true)
        case "f": return .bool(false)
        case "i":
            guard let integer = JSONInteger(decimal: String(try field(&rest))) else { throw TagError(description: "bad int") }
            return .integer(integer)
        case "d":
            guard let bits = UInt64(try field(&rest), radix: 16) else { throw TagError(description: "bad float") }
            return .float(Double(bitPattern: bits))
        case "a":
            guard let count = Int(try field(&rest)) else { throw TagError(description: "bad count") }
            var elements: [JSONValue] = []
            for _ in 0..<count { elements.append(try untagValue(&rest)) }
            return .array(elements)
        case "o":
            guard let count = Int(try field(&rest)) else { throw TagError(description: "bad count") }
            var pairs: [(JSONString, JSONValue)] = []
            for _ in 0..<count {
                let key = try untagString(&rest)
                pairs.append((key, try untagValue(&rest)))
            }
            return .object(JSONObject(pairs))
        default:
            throw TagError(description: "bad tag \(kind)")
        }
    }

    // MARK: - Decoder outcomes

    /// What `py_decode` in the oracle prints, computed from Signet's side.
    static func outcome(ofDecoding bytes: [UInt8], limits: JSONDecodingLimits = .default) -> String {
        do {
            return "ok:" + tag(try PythonJSON.decode(bytes, limits: limits))
        } catch {
            return "err:\(error.kind):" + hex(error.message.utf8)
        }
    }

    /// Compares a Signet outcome with Python's: same value, or same error kind and (for
    /// `JSONDecodeError`) the same message. Python's `UnicodeDecodeError` maps to `.badJSON`.
    static func outcomesAgree(signet: String, python: String) -> Bool {
        if signet == python { return true }
        if python.hasPrefix("err:badUTF8:") { return signet.hasPrefix("err:badJSON:") }
        if python.hasPrefix("err:integerTooLong:") { return signet.hasPrefix("err:integerTooLong:") }
        if python.hasPrefix("err:jsonTooDeep:") { return signet.hasPrefix("err:jsonTooDeep:") }
        return false
    }

    /// Whether Signet's outcome on a decode vector agrees with Python's. Python's depth limit is
    /// its recursion limit, which depends on the caller's stack; Signet's is a fixed 1000, never
    /// below what Python accepts. Within it, the document gets judged on its syntax instead.
    static func agrees(_ testCase: DecodeCase) -> (agrees: Bool, signet: String) {
        let signet = outcome(ofDecoding: testCase.input)
        if testCase.expected.hasPrefix("err:jsonTooDeep:") {
            return (signet.hasPrefix("err:jsonTooDeep:") == (testCase.depth > JSONDecodingLimits.default.maxDepth), signet)
        }
        return (outcomesAgree(signet: signet, python: testCase.expected), signet)
    }

    static func readable(_ outcome: String) -> String {
        let parts = outcome.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "err", let message = unhex(parts[2]) else { return String(outcome.prefix(300)) }
        return "err:\(parts[1]): " + String(decoding: message, as: UTF8.self)
    }

    // MARK: - Vectors

    struct EncodeCase {
        let line: Int
        let value: JSONValue
        /// Hex or `!unserializable`, per option set.
        let expected: [String]
    }

    struct DecodeCase {
        let line: Int
        let input: [UInt8]
        let depth: Int
        let expected: String
    }

    static func loadVectors(from file: URL = vectorFile) throws -> (encode: [EncodeCase], decode: [DecodeCase]) {
        let text = try String(contentsOf: file, encoding: .utf8)
        var encodeCases: [EncodeCase] = []
        var decodeCases: [DecodeCase] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields[0] == "enc" && fields.count == 5 {
                encodeCases.append(
                    EncodeCase(line: number + 1, value: try untag(fields[1]), expected: fields[2...].map(String.init)))
            } else if fields[0] == "dec" && fields.count == 4, let depth = Int(fields[2]) {
                decodeCases.append(
                    DecodeCase(line: number + 1, input: try expand(fields[1]), depth: depth, expected: String(fields[3])))
            } else {
                throw TagError(description: "bad vector line \(number + 1)")
            }
        }
        return (encodeCases, decodeCases)
    }

    /// `hex` or `hex*count` pieces, comma-separated.
    private static func expand(_ spec: Substring) throws -> [UInt8] {
        var out: [UInt8] = []
        for piece in spec.split(separator: ",") {
            let parts = piece.split(separator: "*")
            guard let bytes = unhex(parts[0]) else { throw TagError(description: "bad hex piece") }
            let count = parts.count > 1 ? Int(parts[1]) ?? 0 : 1
            for _ in 0..<count { out += bytes }
        }
        return out
    }

    // MARK: - Python

    static let python3: URL? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Runs the oracle once on a whole batch of request lines and returns its answer lines.
    static func askPython(_ requests: [String]) throws -> [String] {
        guard let python3 else { throw XCTSkip("python3 not available") }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("signet-json-\(UUID().uuidString).txt")
        try (requests.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = python3
        process.arguments = [oracleScript.path, "serve"]
        process.standardInput = try FileHandle(forReadingFrom: input)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TagError(description: "json_oracle.py serve exited with \(process.terminationStatus)")
        }
        let answers = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return Array(answers.dropLast().map(String.init))
    }
}
