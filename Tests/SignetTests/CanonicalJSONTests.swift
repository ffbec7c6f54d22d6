import XCTest

@testable import Signet

/// The scanner may say "canonical" only for text that decoding, re-tagging and encoding with
/// Flask's options gives back byte for byte; it should say so for the plain sessions Flask writes.
final class CanonicalJSONTests: XCTestCase {
    /// The general path's answer: the canonical text of `text`, or nil when it does not decode.
    static func reference(_ text: [UInt8], flaskTags: Bool) -> [UInt8]? {
        guard let value = try? PythonJSON.decode(text) else { return nil }
        guard flaskTags else { return try? PythonJSON.encode(value, options: .flask) }
        guard case .dict(let session)? = try? TaggedJSON.untag(value) else { return nil }
        return try? FlaskSessions.taggedJSON(session)
    }

    static func scan(_ text: [UInt8], flaskTags: Bool, limits: JSONDecodingLimits = .default) -> Bool {
        text.withUnsafeBytes { CanonicalCheck.isCanonical($0, flaskTags: flaskTags, limits: limits) }
    }

    /// Asserts the scanner's one promise for `text`, and returns its answer.
    @discardableResult
    static func checkSound(_ text: [UInt8], flaskTags: Bool, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let accepted = scan(text, flaskTags: flaskTags)
        if accepted {
            XCTAssertEqual(
                reference(text, flaskTags: flaskTags).map { String(decoding: $0, as: UTF8.self) },
                String(decoding: text, as: UTF8.self), "accepted but not canonical", file: file, line: line)
        }
        return accepted
    }

    func testAcceptsFlaskWrittenSessions() {
        let accepted = [
            #"{"_fresh":true,"_id":"0ae7","_user_id":"42","csrf_token":"5d5c"}"#,
            #"{}"#, #"{"a":[]}"#, #"{"a":{}}"#, #"{"n":-12,"z":0}"#, #"{"a":null,"b":false}"#,
            #"{"s":"quote \" backslash \\ tab \t nl \n cr \r bs \b ff \f"}"#,
            #"{"s":"\u00e9\u0000\u001f\u007f\ud83d\ude00\udc00"}"#,
            #"{"b":{" b":"AAE="},"e":{" b":""},"m":{" m":"<b>"},"t":{" t":[1,"x"]}}"#,
            #"{"u":{" u":"0123456789abcdef0123456789abcdef"}}"#,
            #"{"d":{" d":"Tue, 24 Nov 2026 09:30:15 GMT"},"old":{" d":"Fri, 01 Jan 0100 00:00:00 GMT"}}"#,
            #"{" t":1,"x":2}"#,  // a tag key among others is a plain key
            #"{"deep":[[[[{"a":[{"b":{}}]}]]]]}"#,
            // Floats in repr's form, and integers of any length within the limit.
            #"{"a":1.0,"b":1e+16,"c":-0.5,"d":NaN,"e":Infinity,"f":-Infinity}"#, #"{"a":1234567890123456789}"#,
        ]
        for text in accepted {
            XCTAssertTrue(Self.checkSound(Array(text.utf8), flaskTags: true), text)
        }
    }

    func testRefusesWhatIsNotCanonical() {
        let refused = [
            "", " {}", "{} ", #"{"a": 1}"#, #"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, "[]", #""s""#, "1",
            #"{"a":1.00}"#, #"{"a":1e3}"#, #"{"a":1E+16}"#, #"{"a":-0}"#, #"{"a":01}"#, #"{"a":nan}"#,
            #"{"a":"\/"}"#, #"{"a":"\u0041"}"#, #"{"a":"\u000a"}"#, #"{"a":"\u00E9"}"#, #"{"a":"é"}"#,
            "{\"a\":\"\u{7f}\"}", "{\"a\":\"\t\"}", #"{"\u0061":1}"#, #"{"a":tru}"#, #"{"a":1"#, #"{"a""#,
            #"{" t":[1]}"#,  // a tagged root is not a session
            #"{"x":{" t":{}}}"#, #"{"x":{" m":1}}"#, #"{"x":{" b":"AAE"}}"#, #"{"x":{" b":"AAF="}}"#,
            #"{"x":{" b":"A\/E="}}"#, #"{"x":{" u":"0123456789ABCDEF0123456789ABCDEF"}}"#,
            #"{"x":{" u":"01234567-89ab-cdef-0123-456789abcdef"}}"#,
            #"{"x":{" d":"Wed, 24 Nov 2026 09:30:15 GMT"}}"#, #"{"x":{" d":"Tue, 31 Nov 2026 09:30:15 GMT"}}"#,
            #"{"x":{" d":"Thu, 01 Jan 0070 00:00:00 GMT"}}"#, #"{"x":{" d":"Tue, 24 Nov 2026 24:00:00 GMT"}}"#,
            #"{"x":{" di":{" t__":1}}}"#,
        ]
        for text in refused {
            XCTAssertFalse(Self.scan(Array(text.utf8), flaskTags: true), text)
        }
        // Without Flask tags any value may be the root, and tag keys are plain keys.
        XCTAssertTrue(Self.checkSound(Array("[1,\"a\",{\" t\":{}}]".utf8), flaskTags: false))
        XCTAssertTrue(Self.checkSound(Array("7".utf8), flaskTags: false))
    }

    func testEightByteStringCheckFindsTheFirstSpecialByte() {
        for byte in 0...255 {
            let special = byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C
            XCTAssertEqual(JSONReader<NoSink>.isSpecial(UInt8(byte)), special, "byte \(byte)")
            for position in 0..<8 {
                var word = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                word[position] = UInt8(byte)
                // The neighbours of a special byte are the worst case for borrows.
                if position > 0 { word[position - 1] = 0x21 }
                let mask = JSONReader<NoSink>.specialBytes(Self.word(word))
                XCTAssertEqual(mask != 0, special, "byte \(byte) at \(position)")
                if special { XCTAssertEqual(mask.trailingZeroBitCount / 8, position, "byte \(byte) at \(position)") }
            }
        }
        // Several special bytes, plain ones borrowing between them: the lowest mark is the first.
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xFF, 0x41]
        for _ in 0..<20_000 {
            let word = (0..<8).map { _ in alphabet.randomElement(using: &generator)! }
            let first = word.firstIndex { JSONReader<NoSink>.isSpecial($0) }
            let mask = JSONReader<NoSink>.specialBytes(Self.word(word))
            XCTAssertEqual(mask == 0 ? nil : mask.trailingZeroBitCount / 8, first, "\(word)")
        }
    }

    /// The reader reads a text's last few bytes through its last eight: strings of every
    /// length ending at every distance from the end, with a byte to look at in every place.
    func testStringsEndingNearTheEndOfTheText() throws {
        // (what is written, the value it stands for, whether json.dumps writes it that way)
        let specials: [([UInt8], [UInt8], Bool)] = [
            (Array("a".utf8), Array("a".utf8), true), (Array(#"\n"#.utf8), [0x0A], true),
            (Array(#"\u00e9"#.utf8), [0xC3, 0xA9], true), ([0xC3, 0xA9], [0xC3, 0xA9], false), ([0x7F], [0x7F], false),
            (Array(#"\/"#.utf8), Array("/".utf8), false),
        ]
        for length in 0...11 {
            for place in 0...length {
                for (written, value, canonical) in specials {
                    for trailing in 0...9 {
                        let body = Array(repeating: UInt8(ascii: "x"), count: place) + written + Array(repeating: UInt8(ascii: "y"), count: length - place)
                        let text = [UInt8(ascii: "\"")] + body + [UInt8(ascii: "\"")] + Array(repeating: UInt8(ascii: " "), count: trailing)
                        let expected = Array(repeating: UInt8(ascii: "x"), count: place) + value + Array(repeating: UInt8(ascii: "y"), count: length - place)
                        let context = String(decoding: text, as: UTF8.self)
                        XCTAssertEqual(try PythonJSON.decode(text), .string(JSONString(uncheckedWTF8: expected)), context)
                        XCTAssertEqual(Self.scan(text, flaskTags: false), canonical && trailing == 0, context)
                        // Unterminated, or broken by a control character, at the same place.
                        let open = Array(text.prefix(1 + body.count))
                        // (Python wants a character after \uXXXX before it looks for the end.)
                        let escapeLast = place == length && written.count == 6
                        XCTAssertThrowsError(try PythonJSON.decode(open), context) {
                            XCTAssertEqual(
                                ($0 as? SignetError)?.message,
                                escapeLast ? "Invalid \\uXXXX escape: line 1 column \(place + 3) (char \(place + 2))"
                                    : "Unterminated string starting at: line 1 column 1 (char 0)", context)
                        }
                        let broken = [UInt8(ascii: "\"")] + Array(repeating: UInt8(ascii: "x"), count: place) + [0x01]
                            + Array(repeating: UInt8(ascii: "y"), count: length - place) + [UInt8(ascii: "\"")]
                        XCTAssertThrowsError(try PythonJSON.decode(broken), context) {
                            XCTAssertEqual(($0 as? SignetError)?.message, "Invalid control character at: line 1 column \(place + 2) (char \(place + 1))", context)
                        }
                    }
                }
            }
        }
    }

    /// Eight bytes as the reader loads them: the first in the lowest byte.
    private static func word(_ bytes: [UInt8]) -> UInt64 {
        UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
    }

    func testRespectsTheDecoderLimits() {
        let deep = Array(("{\"a\":" + String(repeating: "[", count: 9) + String(repeating: "]", count: 9) + "}").utf8)
        XCTAssertTrue(Self.scan(deep, flaskTags: true))
        XCTAssertTrue(Self.scan(deep, flaskTags: true, limits: JSONDecodingLimits(maxDepth: 10)))
        XCTAssertFalse(Self.scan(deep, flaskTags: true, limits: JSONDecodingLimits(maxDepth: 9)))
        let long = Array(#"{"a":12345}"#.utf8)
        XCTAssertTrue(Self.scan(long, flaskTags: true, limits: JSONDecodingLimits(maxIntegerDigits: 5)))
        XCTAssertFalse(Self.scan(long, flaskTags: true, limits: JSONDecodingLimits(maxIntegerDigits: 4)))
        let tooDeep = Array((String(repeating: "[", count: 101) + String(repeating: "]", count: 101)).utf8)
        XCTAssertFalse(Self.scan(tooDeep, flaskTags: false))
    }

    /// Random sessions as Flask's tagged JSON, then single-byte damage to each: every accepted
    /// text must be its own canonical form, and most plain sessions must be accepted.
    func testRandomSessionsAndDamage() throws {
        var (rng, seed) = SplitMix64.fromEnvironment()
        var accepted = 0, total = 0
        let replacements = Array(" \t\"\\{}[],:.-0159aeEfntu/=AZ".utf8) + [0x7F, 0xC3]
        for _ in 0..<400 {
            let session = FlaskDifferentialTests.randomDict(&rng, depth: 0)
            let text = try FlaskSessions.taggedJSON(session)
            total += 1
            if Self.checkSound(text, flaskTags: true) { accepted += 1 }
            for _ in 0..<20 where !text.isEmpty {
                var damaged = text
                let index = Int.random(in: 0..<damaged.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: damaged[index] = replacements.randomElement(using: &rng)!
                case 1: damaged.insert(replacements.randomElement(using: &rng)!, at: index)
                default: damaged.remove(at: index)
                }
                Self.checkSound(damaged, flaskTags: true)
                Self.checkSound(damaged, flaskTags: false)
            }
        }
        // Floats, non-ASCII keys, long integers and " di" send some to the general path.
        XCTAssertGreaterThan(accepted, total / 10, "seed \(seed)")
        // Sessions of the supported kinds are all accepted.
        for _ in 0..<200 {
            var session = SessionDict()
            for key in ["a", "b_c", "x y", "z"] where Bool.random(using: &rng) {
                session[JSONString(key)] = [.integer(JSONInteger(Int64.random(in: -1000...1000, using: &rng))), .string("v\u{e9}\n"),
                    .tuple([.bool(true), .null]), .bytes(rng.bytes(0...9)), .uuid(SessionUUID(bytes: rng.bytes(16...16))!),
                    .datetime(Int64.random(in: -59_011_459_200...HTTPDate.maximum, using: &rng)), .markup("<i>"),
                    .list([.dict(["k": 1])])].randomElement(using: &rng)!
            }
            let text = try FlaskSessions.taggedJSON(session)
            XCTAssertTrue(Self.checkSound(text, flaskTags: true), "seed \(seed): \(String(decoding: text, as: UTF8.self))")
        }
    }
}

/// The session builder, which untags as it reads, must build exactly the session (or throw
/// exactly the error) that decoding into a `JSONValue` and untagging that tree gives.
final class SessionBuilderTests: XCTestCase {
    static func viaTree(_ text: [UInt8]) -> Result<SessionDict, SignetError> {
        Result { () throws(SignetError) -> SessionDict in
            guard case .dict(let session) = try TaggedJSON.untag(try PythonJSON.decode(text)) else { throw SignetError.sessionNotAnObject }
            return session
        }
    }

    static func direct(_ text: [UInt8]) -> Result<SessionDict, SignetError> {
        text.withUnsafeBytes { bytes in
            Result { () throws(SignetError) -> SessionDict in try SessionBuilder.session(bytes, limits: .default, years: .python) }
        }
    }

    static func assertSame(_ text: [UInt8], _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        switch (viaTree(text), direct(text)) {
        case (.success(let a), .success(let b)):
            // Compared as text: a NaN is not equal to itself.
            XCTAssertEqual(try? FlaskSessions.taggedJSON(a), try? FlaskSessions.taggedJSON(b), context, file: file, line: line)
        case (.failure(let a), .failure(let b)):
            XCTAssertEqual(a.kind, b.kind, context, file: file, line: line)
            XCTAssertEqual(a.message, b.message, context, file: file, line: line)
        case (let a, let b): XCTFail("\(context): tree \(a), builder \(b)", file: file, line: line)
        }
    }

    func testBuildsWhatTheTreePathBuilds() throws {
        var (rng, seed) = SplitMix64.fromEnvironment()
        for round in 0..<600 {
            let session = FlaskDifferentialTests.randomDict(&rng, depth: 0)
            var text = try FlaskSessions.taggedJSON(session)
            if round % 3 == 0, !text.isEmpty {
                text[Int.random(in: 0..<text.count, using: &rng)] = Array(" \"\\{}[],:u0a".utf8).randomElement(using: &rng)!
            }
            Self.assertSame(text, "seed \(seed): \(String(decoding: text, as: UTF8.self))")
        }
        let fixed = [
            #"{"a":{" t":[1,{" b":"AAE="}]},"d":{" d":"Tue, 24 Nov 2026 09:30:15 GMT"},"m":{" m":"<\"\u00e9\ud83d\ude00\udc00"},"u":{" u":"0123456789abcdef0123456789abcdef"},"z":[-5,true,null,{}]}"#,
            // Failed tags: the first in untagging order wins, a repeated key drops the one it replaces,
            // and a syntax error anywhere wins over them.
            #"{"a":{" b":5},"b":{" u":7}}"#, #"{"a":{" b":5},"a":1}"#, #"{"a":1,"b":{" b":5},"a":{" u":7}}"#,
            #"{"a":[{" t":1},{" m":2}],"a":[{" m":3}]}"#, #"{"a":{" b":5},"b":"#, #"[{" b":5}]"#, #"{" t":[1]}"#,
            #"{"x":{" di":{"k__":{" b":1}}}}"#, #"{"x":{" di":{}}}"#, #"{"d":{" d":"Mon, 01 Jan 0005 00:00:00 GMT"}}"#,
        ]
        for text in fixed { Self.assertSame(Array(text.utf8), text) }
    }

    /// Writing tagged JSON straight from a session gives the bytes (or the error) of tagging
    /// into a tree and encoding that, in every style and at tight limits.
    func testDirectTaggedEncodingMatchesTheTree() throws {
        var (rng, seed) = SplitMix64.fromEnvironment()
        func viaTree(_ value: SessionValue, _ options: JSONEncodingOptions, _ limits: JSONDecodingLimits) -> Result<[UInt8], SignetError> {
            Result { () throws(SignetError) in try PythonJSON.encode(try TaggedJSON.tag(value), options: options, limits: limits) }
        }
        func direct(_ value: SessionValue, _ options: JSONEncodingOptions, _ limits: JSONDecodingLimits) -> Result<[UInt8], SignetError> {
            Result { () throws(SignetError) in
                try PythonJSONEncoder.withOutput(options: options, limits: limits) { (encoder) throws(SignetError) in
                    try encoder.encodeTagged(value)
                    return Array(encoder.written)
                }
            }
        }
        let extra: [SessionValue] = [
            .tuple([]), .tuple([.tuple([1])]), .dict([" t": 1]), .dict([" di": .tuple([])]), .dict(["k": .dict([" m": .bytes([1])])]),
            .list([.datetime(HTTPDate.maximum + 1)]), .integer(JSONInteger(decimal: String(repeating: "9", count: 60))!),
        ]
        for round in 0..<800 {
            let value: SessionValue = round < extra.count ? extra[round] : .dict(FlaskDifferentialTests.randomDict(&rng, depth: 0))
            for options in [JSONEncodingOptions.flask, .compact, .pythonDefault] {
                for limits in [JSONDecodingLimits.default, JSONDecodingLimits(maxDepth: 3, maxIntegerDigits: 50), JSONDecodingLimits(maxDepth: 1)] {
                    switch (viaTree(value, options, limits), direct(value, options, limits)) {
                    case (.success(let a), .success(let b)): XCTAssertEqual(a, b, "seed \(seed)")
                    case (.failure, .failure): break  // the caller re-runs the tree path for its error
                    case (let a, let b): XCTFail("seed \(seed): tree \(a), direct \(b) for \(value)")
                    }
                }
            }
        }
    }
}
