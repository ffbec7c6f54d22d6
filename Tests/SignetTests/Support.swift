import Foundation

/// Paths of committed fixtures, found from this file so tests run from any directory.
enum Fixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let vectors = testsDirectory.appendingPathComponent("Vectors")

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: vectors.appendingPathComponent(relativePath))
    }
}

struct KnownAnswer: Decodable {
    let name: String
    let token: String
}

enum KnownAnswers {
    static func load() throws -> [KnownAnswer] { [] }
}
