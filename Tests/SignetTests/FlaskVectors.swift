import Foundation

/// Tests/Vectors/flask/sessions.json, written by the real Flask 3.1.3
/// (Tests/Scripts/make_flask_vectors.py).
struct FlaskVectors: Decodable {
    struct Session: Decodable {
        let name: String
        let tagged_json: String
        let timestamp: Int64
        let cookie: String
        let roundtrip_json: String
    }
    struct Verify: Decodable {
        struct Expect: Decodable {
            let json: String?
            let error: String?
        }
        let name: String
        let cookie: String
        let now: Int64
        let max_age: Int64
        let expect: Expect
    }
    struct HTTPDateCase: Decodable {
        let seconds: Int64
        let text: String
    }
    struct ParsedDate: Decodable {
        let text: String
        let seconds: Int64?
    }
    let secret_key: String
    let fallback_keys: [String]
    let sessions: [Session]
    let verify: [Verify]
    let http_dates: [HTTPDateCase]
    let parsed_dates: [ParsedDate]

    static func load() throws -> FlaskVectors {
        try JSONDecoder().decode(FlaskVectors.self, from: Fixtures.data("flask/sessions.json"))
    }
}
