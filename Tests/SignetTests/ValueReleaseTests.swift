import Signet
import XCTest

/// Values Signet returns, and values a caller builds, dropped on a thread with a 64 KiB stack.
/// The storage of a list or dict frees nested containers level by level, so no depth the limits
/// accept, nor any depth a caller builds, overflows it (a stack overflow kills the test process).
final class ValueReleaseTests: XCTestCase {
    typealias Shape = StackDepthTests.Shape
    static let now = StackDepthTests.now

    /// Runs `body` on a 64 KiB thread, where everything it builds or receives is dropped, and
    /// returns what it reports (failures, or an error it threw).
    static func onSmallStack(_ body: @escaping () throws -> [String]) -> [String] {
        let slot = Slot<[String]>()
        SmallStackThread.run {
            do {
                slot.result = try body()
            } catch {
                slot.result = ["threw \(error)"]
            }
        }
        return slot.result!
    }

    /// What every Swift entry point returns for sessions and JSON `depth` deep, at depths 1,
    /// limit - 1 and limit, under the default and the largest limit: all of it is dropped on
    /// the small thread.
    func testEveryReturnedValueIsDroppedOnASmallStack() throws {
        for limit in StackDepthTests.limits {
            let limits = Limits(maxTokenLength: 1 << 20, maxDepth: limit)
            let sessions = try FlaskSessions(.init(secretKey: Array("key".utf8), limits: limits))
            let serializer = try Serializer.urlSafeTimed(secretKeys: [Array("key".utf8)], limits: limits)
            for shape in Shape.allCases {
                for depth in [1, limit - 1, limit] {
                    let text = StackDepthTests.session(shape, depth: depth)
                    let plain = StackDepthTests.plain(shape, depth: depth)
                    let cookie = sessions.serializer.signPayload(PayloadEncoding.urlSafe.encode(text), timestamp: Self.now)
                    let token = serializer.signPayload(serializer.payloadEncoding.encode(plain), timestamp: Self.now)
                    let failures = Self.onSmallStack {
                        var failures: [String] = []
                        let verified = try sessions.verify(cookie, now: Self.now)
                        let decoded = try sessions.decodeUnsafe(cookie).decoded.get()
                        let built = try FlaskSessions.session(fromTaggedJSON: text, limits: limits)
                        if !(verified.session == built && decoded == built) { failures.append("verify/decodeUnsafe") }
                        if try sessions.mintBytes(built, timestamp: Self.now) != cookie { failures.append("mint") }
                        let (codable, _) = try sessions.verify(String(decoding: cookie, as: UTF8.self), as: SessionValue.self, now: Self.now)
                        if !(codable == .dict(built)) { failures.append("verify(_:as:)") }
                        let json = try PythonJSON.decode(plain, limits: limits.json)
                        if try serializer.dumps(json, timestamp: Self.now) != token { failures.append("dumps") }
                        let loaded = try serializer.loads(token)
                        let unsafe = try serializer.loadsUnsafe(token)
                        if !(loaded.value == json && unsafe.value == json) { failures.append("loads/loadsUnsafe") }
                        let untagged = try TaggedJSON.untag(try PythonJSON.decode(text, limits: limits.json))
                        if !(try TaggedJSON.tag(untagged) == TaggedJSON.tag(.dict(built))) { failures.append("tag/untag") }
                        return failures
                    }
                    XCTAssertEqual(failures, [], "\(shape), depth \(depth), limit \(limit)")
                }
            }
        }
    }

    static let callerDepth = 100_000

    /// `value` wrapped in `depth` containers of `shape`: as deep as a caller may build.
    static func nested(_ shape: Shape, depth: Int, around value: SessionValue = 1) -> SessionValue {
        var value = value
        for _ in 0..<depth {
            switch shape {
            case .arrays: value = .list([value])
            case .objects: value = ["a": value]
            case .tags: value = .tuple([value])
            }
        }
        return value
    }

    static func nested(json shape: Shape, depth: Int) -> JSONValue {
        var value: JSONValue = 1
        for _ in 0..<depth { value = shape == .arrays ? .array([value]) : ["a": value] }
        return value
    }

    /// How many containers deep the first item of each container goes, counted without recursing.
    static func depth(_ value: SessionValue) -> Int {
        var depth = 0
        var next: SessionValue? = value
        while let current = next {
            switch current {
            case .list(let items), .tuple(let items): next = items.first
            case .dict(let dict): next = dict.members.first?.value
            default: return depth
            }
            depth += 1
        }
        return depth
    }

    func testACallerBuiltValueIsDroppedOnASmallStack() {
        for shape in Shape.allCases {
            let failures = Self.onSmallStack {
                let value = Self.nested(shape, depth: Self.callerDepth)
                let json = Self.nested(json: shape, depth: Self.callerDepth)
                var failures: [String] = []
                if Self.depth(value) != Self.callerDepth { failures.append("depth") }
                if case .null = json { failures.append("json") }
                return failures
            }
            XCTAssertEqual(failures, [], "\(shape)")
        }
    }

    /// Dropping a value 100 000 levels deep touches no more stack than dropping one 10 deep.
    func testDroppingUsesConstantStack() {
        func stackToDrop(_ depth: Int) -> Int {
            SmallStackThread.measure {
                var value: SessionValue? = Self.nested(.objects, depth: depth)
                var json: JSONValue? = Self.nested(json: .arrays, depth: depth)
                value = nil
                json = nil
                precondition(value == nil && json == nil)
            }
        }
        let shallow = stackToDrop(10)
        let deep = stackToDrop(Self.callerDepth)
        XCTAssertLessThanOrEqual(deep, shallow + 4096, "\(shallow) bytes for 10 levels")
    }

    /// A container another value shares is only released: its other owner keeps it, intact.
    func testADeepValueSharedByTwoOwnersOutlivesEither() {
        for shape in Shape.allCases {
            let failures = Self.onSmallStack {
                var failures: [String] = []
                let expected = Self.nested(shape, depth: 1000)
                var first: SessionValue? = Self.nested(shape, depth: Self.callerDepth)
                let second = first!
                first = nil
                if Self.depth(second) != Self.callerDepth { failures.append("whole value") }

                // Shared from inside two different trees.
                let inner = Self.nested(shape, depth: Self.callerDepth / 2)
                var outer: SessionValue? = ["x": .list([inner, 2])]
                let other = SessionValue.tuple([1, inner])
                outer = nil
                if other[1].map(Self.depth) != Self.callerDepth / 2 { failures.append("shared subtree") }
                if !(Self.nested(shape, depth: 1000) == expected) { failures.append("equality") }
                if !(other == .tuple([1, Self.nested(shape, depth: Self.callerDepth / 2)])) { failures.append("rebuilt") }
                _ = outer
                return failures
            }
            XCTAssertEqual(failures, [], "\(shape)")
        }
    }

    /// Value semantics: mutating a copy leaves the original as it was; a list no other value
    /// shares changes in place.
    func testCopiesAreIndependent() {
        let list: SessionList = [1, ["k": "v"], .tuple([2, 3])]
        var copy = list
        copy.append(4)
        copy[0] = "changed"
        copy.removeFirst()
        if case .dict(var inner) = copy[0] {
            inner["k"] = "w"
            copy[0] = .dict(inner)
        }
        XCTAssertEqual(list, [1, ["k": "v"], .tuple([2, 3])])
        XCTAssertEqual(copy, [["k": "w"], .tuple([2, 3]), 4])

        var array: JSONArray = [1, [2, 3]]
        array.reserveCapacity(8)
        let before = array.withContiguousStorageIfAvailable { $0.baseAddress }
        array[0] = 5
        XCTAssertEqual(array.withContiguousStorageIfAvailable { $0.baseAddress }, before, "unique: changed in place")
        let shared = array
        array[1] = nil
        XCTAssertEqual(shared, [5, [2, 3]])
        XCTAssertEqual(array, [5, nil])

        let dict: SessionDict = ["a": 1, "b": [2]]
        var other = dict
        other["a"] = nil
        other["c"] = 3
        XCTAssertEqual(dict.keys, ["a", "b"])
        XCTAssertEqual(other.keys, ["b", "c"])
        XCTAssertEqual(dict["a"], 1)
    }

    /// The containers compare and hash by content, however they were built.
    func testEqualityAndHashFollowContent() {
        let literal: SessionValue = [1, ["k": .tuple([2])]]
        let built = SessionValue.list(SessionList([1, .dict(SessionDict([("k", .tuple(SessionList([2])))]))]))
        let fromArray = SessionValue.list([1, ["k": .tuple([2])]])
        XCTAssertEqual(literal, built)
        XCTAssertEqual(literal, fromArray)
        XCTAssertEqual(literal.hashValue, built.hashValue)
        XCTAssertNotEqual(SessionValue.list([1, 2]), .tuple([1, 2]))
        XCTAssertNotEqual(SessionValue.list([1, 2]), .list([2, 1]))
        XCTAssertNotEqual(SessionValue.list([[1]]), .list([[2]]))
        XCTAssertEqual(Set<SessionValue>([literal, built, fromArray, .tuple([1])]).count, 2)
        let json: JSONValue = ["a": [1, "two"]]
        XCTAssertEqual(json, .object(JSONObject([("a", .array(JSONArray([1, "two"])))])))
        XCTAssertEqual(json.hashValue, JSONValue.object(["a": .array([1, "two"])]).hashValue)
        XCTAssertEqual(SessionList([1, 2]).description, "[1, 2]")
        XCTAssertEqual(Array(SessionList([1, 2])), [1, 2])
    }
}
