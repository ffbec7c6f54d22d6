import Signet
import XCTest

/// Each limit at its documented extremes, end to end: what a serializer accepts as limits works
/// for minting and verifying alike, and what it cannot honour is refused when it is made.
final class LimitsTests: XCTestCase {
    static let key = Array("limits-key".utf8)
    static let now: Int64 = 1_750_000_000

    static func sessions(_ limits: Limits) throws -> FlaskSessions {
        try FlaskSessions(.init(secretKey: key, limits: limits))
    }

    func testLimitsOutOfRangeAreRefusedWhenASerializerIsMade() throws {
        let refused = [
            Limits(maxTokenLength: -1), Limits(maxDecompressedSize: -1), Limits(maxDepth: -1),
            Limits(maxDepth: Limits.maxDepthAllowed + 1), Limits(maxIntegerDigits: -1),
        ]
        for limits in refused {
            XCTAssertThrowsError(try Self.sessions(limits), "\(limits)") { error in
                XCTAssertEqual((error as? SignetError)?.kind, .invalidArgument)
            }
            XCTAssertThrowsError(try Serializer(secretKeys: [Self.key], limits: limits))
        }
        let widest = Limits(maxTokenLength: .max, maxDecompressedSize: .max, maxDepth: Limits.maxDepthAllowed, maxIntegerDigits: 0)
        let sessions = try Self.sessions(widest)
        let cookie = try sessions.mint(["a": [1, 2, 3]], timestamp: Self.now)
        XCTAssertEqual(try sessions.verify(cookie, now: Self.now).session, ["a": [1, 2, 3]])
    }

    /// `Int.max` means no limit; it used to overflow (`maxSize + 1`) and trap, key or no key.
    func testNoDecompressionLimit() throws {
        let session: SessionDict = ["text": .string(JSONString(String(repeating: "abc", count: 10_000)))]
        let sessions = try Self.sessions(Limits(maxDecompressedSize: .max))
        let cookie = try sessions.mint(session, timestamp: Self.now)
        XCTAssertEqual(cookie.first, ".", "compressed")
        XCTAssertEqual(try sessions.verify(cookie, now: Self.now).session, session)
        let forger = try FlaskSessions(.init(secretKey: Array("other".utf8), limits: Limits(maxDecompressedSize: .max)))
        XCTAssertEqual(try sessions.decodeUnsafe(Array(try forger.mint(session).utf8)).decoded.get(), session)
        let data = Compression.compress(UnsafeRawBufferPointer(start: nil, count: 0))
        XCTAssertEqual(try data.withUnsafeBytes { try Compression.decompress($0, maxSize: .max) }, [])
        // And 0: nothing inflates.
        let none = try Self.sessions(Limits(maxDecompressedSize: 0))
        XCTAssertThrowsError(try none.verify(cookie, now: Self.now)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .decompressedTooLarge)
        }
    }

    /// Minting and verifying share `maxIntegerDigits` (0: none) and `maxDepth`.
    func testWritingHasTheReadingLimits() throws {
        let digits = JSONInteger(decimal: String(repeating: "7", count: 5000))!
        let unlimited = try Self.sessions(Limits(maxIntegerDigits: 0))
        let cookie = try unlimited.mint(["n": .integer(digits)], timestamp: Self.now)
        XCTAssertEqual(try unlimited.verify(cookie, now: Self.now).session, ["n": .integer(digits)])

        let python = try Self.sessions(.default)
        XCTAssertThrowsError(try python.mint(["n": .integer(digits)])) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .unserializable)
        }
        XCTAssertThrowsError(try python.verify(cookie, now: Self.now)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .integerTooLong)
        }
        let exact = JSONInteger(decimal: String(repeating: "7", count: 4300))!
        XCTAssertNoThrow(try python.verify(try python.mint(["n": .integer(exact)], timestamp: Self.now), now: Self.now))

        // maxDepth 0: not even a session (an object) can be written or read.
        let flat = try Self.sessions(Limits(maxDepth: 0))
        XCTAssertThrowsError(try flat.mint([:])) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .unserializable)
        }
        XCTAssertThrowsError(try flat.verify(try python.mint([:], timestamp: Self.now), now: Self.now)) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .jsonTooDeep)
        }
        // Above Python's 1000 levels, minting works as far as verifying does.
        let deep = try Self.sessions(Limits(maxDepth: 1500))
        var value: SessionValue = 1
        for _ in 0..<1499 { value = .list([value]) }
        let deepCookie = try deep.mint(["a": value], timestamp: Self.now)
        XCTAssertTrue(try deep.verify(deepCookie, now: Self.now).session == ["a": value])
        XCTAssertThrowsError(try deep.mint(["a": .list([value])])) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .unserializable)
        }
    }
}
