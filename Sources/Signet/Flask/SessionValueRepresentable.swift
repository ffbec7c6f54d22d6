/// A type that is itself a Flask session value (bytes, Markup, UUID, datetime, tuple, ...):
/// `SessionEncoder` stores it as is instead of encoding its parts.
public protocol SessionValueRepresentable {
    var sessionValue: SessionValue { get }
    init?(sessionValue: SessionValue)
}

extension SessionValue: SessionValueRepresentable, Codable {
    public var sessionValue: SessionValue { self }
    public init?(sessionValue: SessionValue) { self = sessionValue }

    public func encode(to encoder: any Encoder) throws {
        guard let encoder = encoder as? SessionEncoder.Storage.Encoder else {
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "SessionValue encodes only with SessionEncoder"))
        }
        encoder.storage.value = self
    }

    public init(from decoder: any Decoder) throws {
        guard let decoder = decoder as? SessionDecoder.Reader else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "SessionValue decodes only with SessionDecoder"))
        }
        self = decoder.value
    }
}

extension SessionValueRepresentable {
    /// The wrappers' `init(from:)`: the session value `decoder` holds, when it is a `Self`
    /// (refused as `SessionDecoder` refuses it).
    static func decoded(from decoder: any Decoder) throws -> Self {
        let value = try SessionValue(from: decoder)
        guard let wrapped = Self(sessionValue: value) else {
            throw DecodingError.typeMismatch(Self.self, .init(codingPath: decoder.codingPath, debugDescription: "the session holds \(value.kindName)"))
        }
        return wrapped
    }
}

extension SessionUUID: SessionValueRepresentable, Codable {
    public var sessionValue: SessionValue { .uuid(self) }
    public init?(sessionValue: SessionValue) {
        guard case .uuid(let uuid) = sessionValue else { return nil }
        self = uuid
    }
    public func encode(to encoder: any Encoder) throws { try sessionValue.encode(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decoded(from: decoder) }
}

/// `bytes` in a session (tag `" b"`).
public struct SessionBytes: Sendable, Hashable, Codable, SessionValueRepresentable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var sessionValue: SessionValue { .bytes(bytes) }
    public init?(sessionValue: SessionValue) {
        guard case .bytes(let bytes) = sessionValue else { return nil }
        self.bytes = bytes
    }
    public func encode(to encoder: any Encoder) throws { try sessionValue.encode(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decoded(from: decoder) }
}

/// An aware `datetime` in a session (tag `" d"`), in whole Unix seconds.
public struct SessionDateTime: Sendable, Hashable, Codable, SessionValueRepresentable {
    public var secondsSince1970: Int64
    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }
    public var sessionValue: SessionValue { .datetime(secondsSince1970) }
    public init?(sessionValue: SessionValue) {
        guard case .datetime(let seconds) = sessionValue else { return nil }
        secondsSince1970 = seconds
    }
    public func encode(to encoder: any Encoder) throws { try sessionValue.encode(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decoded(from: decoder) }
}

/// `markupsafe.Markup` in a session (tag `" m"`).
public struct SessionMarkup: Sendable, Hashable, Codable, SessionValueRepresentable {
    public var html: String
    public init(_ html: String) { self.html = html }
    public var sessionValue: SessionValue { .markup(JSONString(html)) }
    public init?(sessionValue: SessionValue) {
        guard case .markup(let html) = sessionValue, let string = html.string else { return nil }
        self.html = string
    }
    public func encode(to encoder: any Encoder) throws { try sessionValue.encode(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decoded(from: decoder) }
}
