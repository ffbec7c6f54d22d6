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
    struct Attributes: Decodable {
        let domain: String?
        let secure: Bool?
        let samesite: String?
        let expires: Int64?
        let path: String??
        let partitioned: Bool?
        let max_age: Int64?
        let httponly: Bool?

        enum CodingKeys: String, CodingKey {
            case domain, secure, samesite, expires, path, partitioned, max_age, httponly
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            domain = try c.decodeIfPresent(String.self, forKey: .domain)
            secure = try c.decodeIfPresent(Bool.self, forKey: .secure)
            samesite = try c.decodeIfPresent(String.self, forKey: .samesite)
            expires = try c.decodeIfPresent(Int64.self, forKey: .expires)
            // A present `null` path means "no Path attribute"; an absent one means the default.
            path = c.contains(.path) ? .some(try c.decodeIfPresent(String.self, forKey: .path)) : .none
            partitioned = try c.decodeIfPresent(Bool.self, forKey: .partitioned)
            max_age = try c.decodeIfPresent(Int64.self, forKey: .max_age)
            httponly = try c.decodeIfPresent(Bool.self, forKey: .httponly)
        }
    }
    struct SetCookieCase: Decodable {
        let attributes: Attributes
        let value: String
        let now: Int64
        let header: String
    }
    struct FlaskSetCookie: Decodable {
        let path: String
        let set_cookie: String
    }
    struct RequestCookie: Decodable {
        let header: String
        let session: String?
    }

    let secret_key: String
    let fallback_keys: [String]
    let sessions: [Session]
    let verify: [Verify]
    let http_dates: [HTTPDateCase]
    let parsed_dates: [ParsedDate]
    let set_cookie: [SetCookieCase]
    let flask_set_cookie: [FlaskSetCookie]
    let request_cookies: [RequestCookie]

    static func load() throws -> FlaskVectors {
        try JSONDecoder().decode(FlaskVectors.self, from: Fixtures.data("flask/sessions.json"))
    }
}
