import Foundation
import XCTest

@testable import Signet

/// Live differential tests against the python3 on PATH (skipped without one): random values
/// and documents go to `Tests/Scripts/json_oracle.py serve` in one batch per test.
final class JSONDifferentialTests: XCTestCase {
    /// Fixed so failures reproduce; set SIGNET_JSON_SEED to explore others.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["SIGNET_JSON_SEED"].flatMap { UInt64($0) }
        ?? 0x5167_6E65_7400_0001

    func testEncodeMatchesPythonAndRoundTrips() throws {
        var random = RandomJSON(seed: Self.seed)
        let values = (0..<3000).map { _ in random.value(depth: 0) }
        let answers = try JSONTestSupport.askPython(values.map { "E " + JSONTestSupport.tag($0) })
        XCTAssertEqual(answers.count, values.count)
        var failures = 0
        func fail(_ message: @autoclosure () -> String) {
            failures += 1
            if failures <= 15 { XCTFail(message()) }
        }
        var roundTrips = 0
        for (value, answer) in zip(values, answers) {
            let expected = answer.split(separator: "\t").map(String.init)
            guard expected.count == 3 else {
                fail("bad oracle answer \(answer.prefix(100))")
                continue
            }
            for (index, set) in JSONTestSupport.optionSets.enumerated() {
                let actual: String
                do {
                    actual = JSONTestSupport.hex(try PythonJSON.encode(value, options: set.options))
                } catch {
                    actual = "!unserializable"
                }
                if actual != expected[index] {
                    fail("\(set.name) \(JSONTestSupport.tag(value).prefix(300)): got \(actual.prefix(300)), Python \(expected[index].prefix(300))")
                    continue
                }
                // Python's own output must decode and re-encode to the same bytes, unless a
                // surrogate pair held as two code points gets joined by decoding (which changes
                // key order and identity for Python too).
                guard let pythonBytes = JSONTestSupport.unhex(expected[index]), !Self.holdsSplitPair(value) else { continue }
                do {
                    let decoded = try PythonJSON.decode(pythonBytes)
                    let again = try PythonJSON.encode(decoded, options: set.options)
                    if again != pythonBytes {
                        fail("\(set.name) re-encode differs: \(String(decoding: again.prefix(200), as: UTF8.self))")
                    }
                    roundTrips += 1
                } catch {
                    fail("\(set.name) cannot decode Python's output: \(error)")
                }
            }
        }
        XCTAssertEqual(failures, 0)
        XCTAssertGreaterThan(roundTrips, 6000)
    }

    /// Whether a string in `value` holds a high surrogate followed by a low one, as WTF-8
    /// `ED A0-AF xx ED B0-BF xx`.
    static func holdsSplitPair(_ value: JSONValue) -> Bool {
        func split(_ string: JSONString) -> Bool {
            let bytes = string.wtf8
            guard bytes.count >= 6 else { return false }
            for k in 0...(bytes.count - 6)
            where bytes[k] == 0xED && (0xA0...0xAF).contains(bytes[k + 1]) && bytes[k + 3] == 0xED
                && (0xB0...0xBF).contains(bytes[k + 4])
            {
                return true
            }
            return false
        }
        switch value {
        case .string(let string): return split(string)
        case .array(let elements): return elements.contains(where: holdsSplitPair)
        case .object(let object): return object.members.contains { split($0.key) || holdsSplitPair($0.value) }
        default: return false
        }
    }

    func testDecodeAgreesWithPythonOnMutatedDocuments() throws {
        var random = RandomJSON(seed: Self.seed &+ 1)
        var documents: [[UInt8]] = []
        while documents.count < 6000 {
            let value = random.value(depth: 0)
            let options = JSONTestSupport.optionSets[random.int(3)].options
            guard var bytes = try? PythonJSON.encode(value, options: options) else { continue }
            switch random.int(10) {
            case 0:
                // Valid as written, possibly with whitespace around.
                bytes = random.whitespace() + bytes + random.whitespace()
            case 1:
                bytes = (0..<random.int(12)).map { _ in random.pick(RandomJSON.soup) }
            default:
                for _ in 0...random.int(3) { random.mutate(&bytes) }
            }
            documents.append(bytes)
        }
        try compareDecoding(documents)
    }

    func testNumbersAgreeWithPython() throws {
        var random = RandomJSON(seed: Self.seed &+ 2)
        var documents: [[UInt8]] = []
        for _ in 0..<4000 {
            var text = random.int(4) == 0 ? "-" : ""
            let integerDigits = random.int(8) == 0 ? 1 + random.int(40) : 1 + random.int(6)
            text += random.digits(integerDigits, leadingZeroAllowed: false)
            if random.int(3) != 0 { text += "." + random.digits(1 + random.int(random.int(10) == 0 ? 60 : 20), leadingZeroAllowed: true) }
            if random.int(3) != 0 {
                text += random.pick(["e", "E", "e+", "e-", "E-"]) + String(random.int(random.int(5) == 0 ? 400 : 30))
            }
            documents.append(Array(text.utf8))
        }
        // Halfway cases and neighbours of the extremes, where rounding is hardest.
        for text in [
            "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
            "9007199254740993", "9007199254740993.0", "9007199254740992.5", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "179769313486231580793728971405301e276",
        ] {
            documents.append(Array(text.utf8))
        }
        try compareDecoding(documents, expectRejections: false)
    }

    private func compareDecoding(_ documents: [[UInt8]], expectRejections: Bool = true) throws {
        let answers = try JSONTestSupport.askPython(documents.map { "D " + JSONTestSupport.hex($0) })
        XCTAssertEqual(answers.count, documents.count)
        var failures = 0
        var accepted = 0
        for (document, python) in zip(documents, answers) {
            let signet = JSONTestSupport.outcome(ofDecoding: document)
            if python.hasPrefix("ok:") { accepted += 1 }
            if !JSONTestSupport.outcomesAgree(signet: signet, python: python) {
                failures += 1
                if failures <= 15 {
                    XCTFail(
                        "\(String(decoding: document.prefix(120), as: UTF8.self).debugDescription) hex \(JSONTestSupport.hex(document.prefix(60))): "
                            + "got \(JSONTestSupport.readable(signet)), Python \(JSONTestSupport.readable(python))")
                }
            }
        }
        XCTAssertEqual(failures, 0)
        // Both sides of the accept/reject boundary must be exercised.
        XCTAssertGreaterThan(accepted, documents.count / 20)
        if expectRejections { XCTAssertLessThan(accepted, documents.count) }
    }
}

/// Random values shaped to hit the encoder's and decoder's edge cases often.
struct RandomJSON {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let soup: [UInt8] = Array(#"[]{}",:\ 0123456789.eE+-tfnulrsaINy/bu"#.utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0xC3, 0xA9, 0xED, 0xA0, 0xFF, 0xEF, 0xBB, 0xBF]

    mutating func int(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &rng) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[int(choices.count)] }

    mutating func digits(_ count: Int, leadingZeroAllowed: Bool) -> String {
        var text = ""
        for position in 0..<count {
            let low = position == 0 && !leadingZeroAllowed && count > 1 ? 1 : 0
            text += String(low + int(10 - low))
        }
        return text
    }

    mutating func whitespace() -> [UInt8] { (0..<int(3)).map { _ in pick([0x20, 0x09, 0x0A, 0x0D]) } }

    mutating func value(depth: Int) -> JSONValue {
        let containerWeight = depth < 5 ? 3 : 0
        switch int(9 + containerWeight) {
        case 0: return .null
        case 1: return .bool(int(2) == 0)
        case 2, 3: return .integer(integer())
        case 4, 5: return .float(double())
        case 6, 7, 8: return .string(string())
        case 9, 10:
            return .array((0..<int(5)).map { _ in value(depth: depth + 1) })
        default:
            var pairs: [(JSONString, JSONValue)] = []
            for _ in 0..<int(6) { pairs.append((int(4) == 0 ? pick(["a", "b", "\u{e9}"]) : string(), value(depth: depth + 1))) }
            return .object(JSONObject(pairs))
        }
    }

    mutating func integer() -> JSONInteger {
        switch int(8) {
        case 0: return JSONInteger(Int64(int(21)) - 10)
        case 1: return JSONInteger(Int64.random(in: .min ... .max, using: &rng))
        case 2: return JSONInteger(pick([Int64.min, .max, 0, -1, 1 << 53, (1 << 53) + 1]))
        case 3:
            // Around Python's 4300-digit limit.
            return JSONInteger(decimal: (int(2) == 0 ? "-" : "") + digits(4295 + int(10), leadingZeroAllowed: false))!
        default:
            return JSONInteger(decimal: (int(2) == 0 ? "-" : "") + digits(1 + int(60), leadingZeroAllowed: false))!
        }
    }

    mutating func double() -> Double {
        switch int(8) {
        case 0, 1, 2: return Double(bitPattern: rng.next())
        case 3: return Double(bitPattern: rng.next() & 0x800F_FFFF_FFFF_FFFF)  // subnormal or zero
        case 4: return Double(Int64(int(2_000_001)) - 1_000_000) / pick([1, 10, 100, 1000, 1e6, 1e-3, 1e17])
        case 5: return Double(Int64.random(in: .min ... .max, using: &rng)) * pick([1, 1e-20, 1e20, 1e300, 1e-300])
        case 6:
            return pick([0.0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                         .leastNormalMagnitude, 1e16, 1e-5, 1e-4, 9999999999999998.0, 0.1, 1.0 / 3])
        default:
            // Decimal exponents straddling the positional/scientific switch.
            return Double(1 + int(999)) * [1e-7, 1e-6, 1e-5, 1e-4, 1e13, 1e14, 1e15, 1e16][int(8)]
        }
    }

    mutating func string() -> JSONString {
        var codePoints: [UInt32] = []
        for _ in 0..<int(int(4) == 0 ? 40 : 8) {
            switch int(10) {
            case 0, 1, 2, 3: codePoints.append(UInt32(0x20 + int(0x5F)))
            case 4: codePoints.append(pick([0x00, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x7F, 0x22, 0x5C, 0x2F, UInt32(int(0x20))]))
            case 5: codePoints.append(UInt32(0x80 + int(0x80)))
            case 6:
                let scalar = UInt32(0x100 + int(0xFF00))
                codePoints.append((0xD800...0xDFFF).contains(scalar) ? 0xE000 : scalar)
            case 7: codePoints.append(UInt32(0x10000 + int(0x100000)))
            case 8: codePoints.append(UInt32(0xD800 + int(0x800)))  // lone surrogate, sometimes pairs up
            default: codePoints.append(pick([0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF, 0xD83D, 0xDE00, 0x10FFFF]))
            }
        }
        return JSONString(codePoints: codePoints)!
    }

    /// One edit that tends to land on syntax: delete, insert, replace, duplicate or truncate.
    mutating func mutate(_ bytes: inout [UInt8]) {
        let position = int(bytes.count + 1)
        switch int(5) {
        case 0 where position < bytes.count: bytes.remove(at: position)
        case 1: bytes.insert(pick(Self.soup), at: position)
        case 2 where position < bytes.count: bytes[position] = pick(Self.soup)
        case 3 where position < bytes.count:
            let end = min(bytes.count, position + 1 + int(8))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        default: bytes.removeSubrange(position...)
        }
    }
}
