import Signet
import XCTest

/// Every entry point of the Swift API, run on a thread with a 64 KiB stack, for values nested 1,
/// limit - 1, limit and limit + 1 deep, under the default limit and the largest one accepted:
/// within the limit genuine tokens verify, past it they are refused, and nothing overflows.
/// (`ValueReleaseTests` drops what they return on the small thread too.)
final class StackDepthTests: XCTestCase {
    enum Shape: CaseIterable {
        case arrays, objects, tags
    }

    static let limits = [Limits.default.maxDepth, Limits.maxDepthAllowed]
    static let now: Int64 = 1_750_000_000

    static func depths(_ limit: Int) -> [Int] { [1, limit - 1, limit, limit + 1] }

    /// A Flask session as tagged JSON, exactly `depth` containers deep (the root object counts;
    /// a tuple, `{" t":[...]}`, is two).
    static func session(_ shape: Shape, depth: Int) -> [UInt8] {
        var open = #"{"a":"#
        var close = "}"
        var remaining = depth - 1
        while remaining > 0 {
            switch shape {
            case .arrays:
                open += "["
                close = "]" + close
                remaining -= 1
            case .objects:
                open += #"{"a":"#
                close = "}" + close
                remaining -= 1
            case .tags where remaining >= 2:
                open += #"{" t":["#
                close = "]}" + close
                remaining -= 2
            case .tags:
                open += "["
                close = "]" + close
                remaining -= 1
            }
        }
        return Array((open + "1" + close).utf8)
    }

    /// Plain JSON `depth` containers deep (tags are plain objects to a serializer).
    static func plain(_ shape: Shape, depth: Int) -> [UInt8] {
        switch shape {
        case .arrays: return Array((String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)).utf8)
        case .objects, .tags: return session(shape, depth: depth)
        }
    }

    /// Runs `body` on a 64 KiB thread and returns its result (or error) to this thread.
    static func onSmallStack<T>(_ body: @escaping () throws(SignetError) -> T) -> Result<T, SignetError> {
        let slot = Slot<Result<T, SignetError>>()
        SmallStackThread.run { slot.result = Result { () throws(SignetError) in try body() } }
        return slot.result!
    }

    func expect<T>(_ result: Result<T, SignetError>, depth: Int, limit: Int, refusal: SignetError.Kind, _ what: String, line: UInt = #line) {
        switch result {
        case .success where depth <= limit: break
        case .failure(let error) where depth > limit:
            XCTAssertEqual(error.kind, refusal, "\(what), depth \(depth), limit \(limit): \(error)", line: line)
        case .success: XCTFail("\(what), depth \(depth) > limit \(limit) accepted", line: line)
        case .failure(let error): XCTFail("\(what), depth \(depth) <= limit \(limit) refused: \(error)", line: line)
        }
    }

    func testFlaskSessionsAtEveryDepthOnASmallStack() throws {
        for limit in Self.limits {
            let limits = Limits(maxDepth: limit)
            let sessions = try FlaskSessions(.init(secretKey: Array("key".utf8), limits: limits))
            let forger = try FlaskSessions(.init(secretKey: Array("not the key".utf8), limits: limits))
            for shape in Shape.allCases {
                for depth in Self.depths(limit) {
                    let text = Self.session(shape, depth: depth)
                    // Past the limit no mint succeeds: such a cookie is signed from its raw payload.
                    let minted = Self.onSmallStack { () throws(SignetError) in try sessions.mintBytes(taggedJSON: text, timestamp: Self.now) }
                    expect(minted, depth: depth, limit: limit, refusal: .jsonTooDeep, "mintBytes(taggedJSON:) \(shape)")
                    let signed = sessions.serializer.signPayload(PayloadEncoding.urlSafe.encode(text), timestamp: Self.now)
                    if case .success(let cookie) = minted { XCTAssertEqual(cookie, signed, "\(shape) \(depth)") }
                    let forged = forger.serializer.signPayload(PayloadEncoding.urlSafe.encode(text), timestamp: Self.now)

                    let tagged = Self.onSmallStack { () throws(SignetError) in try sessions.verifyTaggedJSON(signed, now: Self.now) }
                    expect(tagged, depth: depth, limit: limit, refusal: .jsonTooDeep, "verifyTaggedJSON \(shape)")
                    if case .success(let (json, signedAt)) = tagged {
                        XCTAssertEqual(json, text, "\(shape) \(depth)")
                        XCTAssertEqual(signedAt, Self.now)
                    }
                    let verified = Self.onSmallStack { () throws(SignetError) in try sessions.verify(signed, now: Self.now) }
                    expect(verified, depth: depth, limit: limit, refusal: .jsonTooDeep, "verify \(shape)")
                    let unsafe = Self.onSmallStack { () throws(SignetError) in try sessions.decodeUnsafe(forged).decoded.get() }
                    expect(unsafe, depth: depth, limit: limit, refusal: .jsonTooDeep, "decodeUnsafe \(shape)")
                    if depth <= limit {
                        let expected = try FlaskSessions.session(fromTaggedJSON: text, limits: limits)
                        // Compared with `==`, never printed: describing a value recurses.
                        XCTAssertTrue(try verified.get().session == expected, "\(shape) \(depth)")
                        XCTAssertTrue(try unsafe.get() == expected, "\(shape) \(depth)")
                        let remint = Self.onSmallStack { () throws(SignetError) in try sessions.mintBytes(expected, timestamp: Self.now) }
                        XCTAssertEqual(try remint.get(), signed, "mintBytes \(shape) \(depth)")
                    }
                    // Forged and genuine alike: only the signature tells them apart.
                    let refused = Self.onSmallStack { () throws(SignetError) in try sessions.verify(forged, now: Self.now) }
                    XCTAssertEqual(refused.error?.kind, .badTimeSignature)
                }
            }
        }
    }

    func testSerializersAtEveryDepthOnASmallStack() throws {
        for limit in Self.limits {
            // Plain JSON tokens 10 000 levels deep are longer than the default 64 KiB.
            let limits = Limits(maxTokenLength: 1 << 20, maxDepth: limit)
            let serializers = [
                try Serializer.urlSafeTimed(secretKeys: [Array("key".utf8)], limits: limits),
                try Serializer(secretKeys: [Array("key".utf8)], limits: limits),
            ]
            for serializer in serializers {
                for shape in Shape.allCases {
                    for depth in Self.depths(limit) {
                        let text = Self.plain(shape, depth: depth)
                        let value = try PythonJSON.decode(text, limits: JSONDecodingLimits(maxDepth: depth))
                        let dumped = Self.onSmallStack { () throws(SignetError) in try serializer.dumps(value, timestamp: Self.now) }
                        expect(dumped, depth: depth, limit: limit, refusal: .unserializable, "dumps \(shape)")
                        let token = serializer.signPayload(serializer.payloadEncoding.encode(
                            try PythonJSON.encode(value, options: serializer.jsonOptions, limits: JSONDecodingLimits(maxDepth: depth))),
                            timestamp: Self.now)
                        if case .success(let dumpedToken) = dumped { XCTAssertEqual(dumpedToken, token) }
                        let loaded = Self.onSmallStack { () throws(SignetError) in try serializer.loads(token) }
                        expect(loaded, depth: depth, limit: limit, refusal: .jsonTooDeep, "loads \(shape)")
                        if case .success(let result) = loaded { XCTAssertTrue(result.value == value) }
                        var tampered = token
                        tampered[tampered.count - 1] ^= 1
                        let unsafe = Self.onSmallStack { () throws(SignetError) in try serializer.loadsUnsafe(tampered) }
                        if case .success(let (valid, decoded)) = unsafe {
                            XCTAssertFalse(valid)
                            // (Not `nil` in a ternary: JSONValue is ExpressibleByNilLiteral.)
                            let expected: JSONValue? = depth <= limit ? .some(value) : .none
                            XCTAssertTrue(decoded == expected, "loadsUnsafe \(shape) \(depth)")
                        } else {
                            XCTFail("loadsUnsafe threw \(unsafe)")
                        }
                    }
                }
            }
        }
    }

    /// The passes themselves, and `==` and `hash`, over the deepest values the library takes.
    func testValuePassesOnASmallStack() throws {
        let depth = Limits.maxDepthAllowed
        let limits = JSONDecodingLimits(maxDepth: depth)
        for shape in Shape.allCases {
            let text = Self.session(shape, depth: depth)
            let value = try PythonJSON.decode(text, limits: limits)
            let copy = try PythonJSON.decode(text, limits: limits)
            let passes = Self.onSmallStack { () throws(SignetError) -> (SessionValue, [UInt8], Bool, Bool) in
                let decoded = try PythonJSON.decode(text, limits: limits)
                let untagged = try TaggedJSON.untag(decoded)
                let retagged = try TaggedJSON.tag(untagged)
                let encoded = try PythonJSON.encode(retagged, options: .flask, limits: limits)
                var hasher = Hasher()
                value.hash(into: &hasher)
                _ = hasher.finalize()
                return (untagged, encoded, value == copy, untagged == untagged)
            }
            let (untagged, encoded, equal, selfEqual) = try passes.get()
            XCTAssertEqual(encoded, text, "\(shape)")
            XCTAssertTrue(equal)
            XCTAssertTrue(selfEqual)
            XCTAssertEqual(value.hashValue, copy.hashValue)
            XCTAssertTrue(try TaggedJSON.tag(untagged) == value)
        }
    }

    /// Swift's Decodable recursion is bounded by `SessionDecoder.maxDepth`, whatever the limits.
    func testCodableDepthIsBounded() throws {
        struct Nest: Codable, Equatable { var next: [Nest] }
        let maxDepth = SessionDecoder.defaultMaxDepth
        let sessions = try FlaskSessions(.init(secretKey: Array("key".utf8), limits: Limits(maxDepth: Limits.maxDepthAllowed)))
        for containers in [2, maxDepth, maxDepth + 2, Limits.maxDepthAllowed] {
            // Each Nest is a dict holding a list: two containers.
            let levels = containers / 2
            let text = String(repeating: #"{"next":["#, count: levels) + String(repeating: "]}", count: levels)
            let cookie = try sessions.mint(taggedJSON: Array(text.utf8), timestamp: Self.now)
            let slot = Slot<Result<Nest, any Error>>()
            SmallStackThread.run {
                slot.result = Result { try sessions.verify(cookie, as: Nest.self, now: Self.now).value }
            }
            switch slot.result! {
            case .success(let nest) where containers <= maxDepth:
                var depth = 0
                var node: Nest? = nest
                while let current = node {
                    depth += 1
                    node = current.next.first
                }
                XCTAssertEqual(depth, levels)
            case .failure(DecodingError.dataCorrupted) where containers > maxDepth: break
            case let other: XCTFail("\(containers) containers: \(other)")
            }
        }
    }
}

/// Carries a result from the small thread back to the test's.
final class Slot<T>: @unchecked Sendable {
    var result: T?
}

extension Result {
    var error: Failure? { if case .failure(let error) = self { error } else { nil } }
}
