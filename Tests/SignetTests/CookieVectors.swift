import Foundation
@testable import Signet

/// Tests/Vectors/cookies/*.txt, written by the real Flask 3.1.3 and werkzeug
/// (Tests/Scripts/make_cookie_vectors.py); Tests/C/test_cookie.c reads the same files.
enum CookieVectors {
    struct Parse {
        let header: [UInt8]
        let name: [UInt8]
        /// The UTF-8 of `request.cookies.get(name)`; nil when absent.
        let value: [UInt8]?
    }

    struct SetCookie {
        /// "flask" (save_session), "delete" (save_session of an emptied session) or "dump".
        let kind: String
        let name: String
        let value: [UInt8]
        let attributes: Cookie.Attributes
        let now: Int64
        /// The header werkzeug wrote, or nil when it raised.
        let header: String?
        let line: String
    }

    static func lines(_ file: String) throws -> [[Substring]] {
        let text = String(decoding: try Fixtures.data("cookies/\(file)"), as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: "|", omittingEmptySubsequences: false)
        }
    }

    static func parse() throws -> [Parse] {
        try lines("parse_cookie.txt").map { fields in
            Parse(header: [UInt8](hex: String(fields[0])), name: [UInt8](hex: String(fields[1])),
                  value: fields[2] == "-" ? nil : [UInt8](hex: String(fields[2])))
        }
    }

    static func setCookie() throws -> [SetCookie] {
        try lines("set_cookie.txt").map { fields in
            func text(_ field: Substring) -> String? {
                field == "-" ? nil : String(decoding: [UInt8](hex: String(field)), as: UTF8.self)
            }
            func number(_ field: Substring) -> Int64? { field == "-" ? nil : Int64(field)! }
            let attributes = Cookie.Attributes(
                domain: text(fields[3]), expires: number(fields[5]), maxAge: number(fields[6]),
                secure: fields[7] == "1", httpOnly: fields[8] == "1", path: text(fields[4]),
                sameSite: fields[9] == "-" ? nil : Cookie.SameSite(rawValue: String(fields[9]))!,
                partitioned: fields[10] == "1")
            return SetCookie(
                kind: String(fields[0]), name: text(fields[1])!, value: [UInt8](hex: String(fields[2])),
                attributes: attributes, now: number(fields[11])!,
                header: fields[12].hasPrefix("!") ? nil : text(fields[12]), line: fields.joined(separator: "|"))
        }
    }
}
