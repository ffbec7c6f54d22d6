/// The error every Signet operation throws, mirroring itsdangerous's exception hierarchy.
///
/// itsdangerous raises `BadData` and its subclasses; Signet carries the class as ``Kind`` and
/// answers "is this a `BadSignature`?" with ``isA(_:)``, so code written against the Python
/// hierarchy (`except BadSignature:`) translates to `error.isA(.badSignature)`.
///
/// Messages describe the input, never a secret key or a derived key.
public struct SignetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The itsdangerous class of the error, plus Signet's own limits.
    ///
    /// Raw values are pinned: the C ABI returns them (negated) as status codes.
    public enum Kind: Int32, Sendable, CaseIterable {
        /// `BadData`: the root of every data error.
        case badData = 1
        /// `BadSignature`: the signature does not match, or the token has no separator.
        case badSignature = 2
        /// `BadTimeSignature`: a timed token whose signature or timestamp is bad.
        case badTimeSignature = 3
        /// `SignatureExpired`: valid signature, but older than `max_age` (or from the future).
        case signatureExpired = 4
        /// `BadTimeSignature("timestamp missing")`.
        case missingTimestamp = 5
        /// `BadTimeSignature("Malformed timestamp")`.
        case malformedTimestamp = 6
        /// `BadPayload`: the signed payload could not be decoded (base64, zlib, UTF-8, JSON).
        case badPayload = 7
        /// The payload is not valid JSON (a `BadPayload`).
        case badJSON = 8
        /// The token is longer than ``Limits/maxTokenLength`` (a `BadSignature`: never verified).
        case tokenTooLarge = 9
        /// The payload inflates past ``Limits/maxDecompressedSize`` (a `BadPayload`).
        case decompressedTooLarge = 10
        /// JSON nests deeper than ``Limits/maxDepth`` (a `BadPayload`).
        case jsonTooDeep = 11
        /// A JSON integer has more digits than ``Limits/maxIntegerDigits`` (a `BadPayload`).
        case integerTooLong = 12
        /// A value cannot be serialised (for example a lone surrogate without ASCII escapes).
        case unserializable = 13
        /// An argument is invalid (a separator from the base64 alphabet, no secret key, ...).
        case invalidArgument = 14
        /// A secret key is empty, so anyone could forge what it signs. Signet's own refusal:
        /// itsdangerous signs with an empty key, Flask only refuses an empty `SECRET_KEY`.
        /// Its raw value is the C-only status `SIGNET_E_EMPTY_KEY` (-102).
        case emptyKey = 102
        /// A cookie name, value or attribute that would not make one safe `Set-Cookie` header
        /// (a name that is not an RFC 6265 token, a `Domain` with `;` or a control character, an
        /// `Expires` past year 9999...). Numbered in the C-only range: werkzeug has no such class.
        case badCookie = 107

        /// The itsdangerous class this kind is a subclass of, or `nil` for the roots.
        public var parent: Kind? {
            switch self {
            case .badData, .unserializable, .invalidArgument, .emptyKey, .badCookie: return nil
            case .badSignature, .badPayload: return .badData
            case .badTimeSignature, .tokenTooLarge: return .badSignature
            case .signatureExpired, .missingTimestamp, .malformedTimestamp: return .badTimeSignature
            case .badJSON, .decompressedTooLarge, .jsonTooDeep, .integerTooLong: return .badPayload
            }
        }

        /// The Python class name a caller of itsdangerous would see.
        public var pythonClass: String {
            switch self {
            case .badData: return "BadData"
            case .badSignature, .tokenTooLarge: return "BadSignature"
            case .badTimeSignature, .missingTimestamp, .malformedTimestamp: return "BadTimeSignature"
            case .signatureExpired: return "SignatureExpired"
            case .badPayload, .badJSON, .decompressedTooLarge, .jsonTooDeep, .integerTooLong:
                return "BadPayload"
            case .unserializable: return "TypeError"
            case .invalidArgument, .emptyKey, .badCookie: return "ValueError"
            }
        }
    }

    /// The class of the error.
    public let kind: Kind
    /// A one-line reason; never contains key material.
    public let message: String
    /// The payload that was signed, when the token could be split (`BadSignature.payload`).
    /// For a bad signature this is untrusted data.
    public let payload: [UInt8]?
    /// When the token was signed, in Unix seconds (`BadTimeSignature.date_signed`).
    public let dateSigned: Int64?

    public init(_ kind: Kind, _ message: String, payload: [UInt8]? = nil, dateSigned: Int64? = nil) {
        self.kind = kind
        self.message = message
        self.payload = payload
        self.dateSigned = dateSigned
    }

    /// Whether this error is `ancestor` or one of its subclasses, like Python's `isinstance`.
    public func isA(_ ancestor: Kind) -> Bool {
        var current: Kind? = kind
        while let k = current {
            if k == ancestor { return true }
            current = k.parent
        }
        return false
    }

    public var description: String { "\(kind.pythonClass): \(message)" }
}

/// Refusals several layers (core, C, command line) report: written once here.
extension SignetError {
    /// A token without its separator (`Signer.unsign`'s first check).
    public static func noSeparator(_ separator: [UInt8]) -> SignetError {
        SignetError(.badSignature, "No '\(String(decoding: separator, as: UTF8.self))' found in value")
    }

    /// JSON that is valid but whose root is not an object where a Flask session is expected.
    public static let sessionNotAnObject = SignetError(.badPayload, "The session is not a JSON object")
}
