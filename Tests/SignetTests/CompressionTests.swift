import Foundation
import XCTest
@testable import Signet

final class CompressionTests: XCTestCase {
    func testRoundTrips() throws {
        let data = Array(String(repeating: "{\"a\":1}", count: 100).utf8)
        let compressed = data.withUnsafeBytes { Compression.compress($0) }
        XCTAssertLessThan(compressed.count, data.count)
        XCTAssertEqual(compressed.first, 0x78)
        XCTAssertEqual(try compressed.withUnsafeBytes { try Compression.decompress($0, maxSize: data.count) }, data)
    }

    func testABombStopsAtTheCap() throws {
        // 64 MiB of zeros compress to about 64 KiB; inflating must stop at the cap, not allocate 64 MiB.
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let bomb = zeros.withUnsafeBytes { Compression.compress($0) }
        XCTAssertLessThan(bomb.count, 100_000)
        XCTAssertThrowsError(try bomb.withUnsafeBytes { try Compression.decompress($0, maxSize: 1 << 20) }) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .decompressedTooLarge)
        }
    }

    func testRefusesDamagedStreams() throws {
        let data = Array("hello hello hello hello".utf8)
        let good = data.withUnsafeBytes { Compression.compress($0) }
        let cases: [[UInt8]] = [[], Array(good.dropLast(4)), good + [0], Array("not zlib".utf8), [0x78], Array(good.dropFirst(2))]
        for damaged in cases {
            XCTAssertThrowsError(try damaged.withUnsafeBytes { try Compression.decompress($0, maxSize: 1000) }) { error in
                XCTAssertEqual((error as? SignetError)?.kind, .badPayload, "\(damaged)")
            }
        }
    }

    func testTheCapIsInclusive() throws {
        let data = [UInt8](repeating: 7, count: 5000)
        let compressed = data.withUnsafeBytes { Compression.compress($0) }
        XCTAssertEqual(try compressed.withUnsafeBytes { try Compression.decompress($0, maxSize: 5000) }, data)
        XCTAssertThrowsError(try compressed.withUnsafeBytes { try Compression.decompress($0, maxSize: 4999) }) { error in
            XCTAssertEqual((error as? SignetError)?.kind, .decompressedTooLarge)
        }
    }

    func testThreadsKeepTheirOwnStreams() {
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for round in 0..<100 {
                let data = Array(String(repeating: "worker \(worker) round \(round) ", count: 1 + round % 7).utf8)
                let compressed = data.withUnsafeBytes { Compression.compress($0) }
                XCTAssertEqual(try? compressed.withUnsafeBytes { try Compression.decompress($0, maxSize: 1 << 16) }, data)
            }
        }
    }
}
