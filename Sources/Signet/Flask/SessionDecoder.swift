/// Turns a `SessionValue` into any `Decodable`, the reverse of `SessionEncoder`.
///
/// Numbers convert when they fit exactly (an integer into a `Double` too, as JSON decoders do);
/// `SessionValueRepresentable` types take their tagged value as is.
public struct SessionDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: SessionValue) throws -> T {
        try Reader.unbox(type, value, codingPath: [])
    }

    struct Reader: Swift.Decoder {
        let value: SessionValue
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        static func unbox<T: Decodable>(_ type: T.Type, _ value: SessionValue, codingPath: [any CodingKey]) throws -> T {
            if let representable = type as? SessionValueRepresentable.Type {
                guard let result = representable.init(sessionValue: value) as? T else {
                    throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "the session holds \(value.kindName)"))
                }
                return result
            }
            return try T(from: Reader(value: value, codingPath: codingPath))
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .dict(let dict) = value else { throw mismatch([String: Int].self) }
            return KeyedDecodingContainer(Keyed<Key>(dict: dict, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            switch value {
            case .list(let items), .tuple(let items): return Unkeyed(items: items, codingPath: codingPath)
            default: throw mismatch([Int].self)
            }
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value, codingPath: codingPath) }

        func mismatch(_ type: Any.Type) -> DecodingError {
            .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "the session holds \(value.kindName)"))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let dict: SessionDict
        let codingPath: [any CodingKey]
        var allKeys: [Key] { dict.keys.compactMap { $0.string.flatMap(Key.init(stringValue:)) } }

        func contains(_ key: Key) -> Bool { dict[key.stringValue] != nil }

        func value(_ key: Key) throws -> SessionValue {
            guard let value = dict[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no key '\(key.stringValue)' in the session"))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try Reader.unbox(type, try value(key), codingPath: codingPath + [key])
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try Reader(value: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try Reader(value: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superDecoder() throws -> any Swift.Decoder { Reader(value: .dict(dict), codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Swift.Decoder {
            Reader(value: try value(key), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [SessionValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        mutating func next() throws -> SessionValue {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(SessionValue.self, .init(codingPath: codingPath, debugDescription: "the list has only \(items.count) items"))
            }
            defer { currentIndex += 1 }
            return items[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try Reader.unbox(type, try next(), codingPath: codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try Reader(value: try next(), codingPath: codingPath).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try Reader(value: try next(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superDecoder() throws -> any Swift.Decoder { Reader(value: try next(), codingPath: codingPath) }
    }

    struct Single: SingleValueDecodingContainer {
        let value: SessionValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool {
            guard case .bool(let b) = value else { throw mismatch(type) }
            return b
        }
        func decode(_ type: String.Type) throws -> String {
            guard case .string(let s) = value, let string = s.string else { throw mismatch(type) }
            return string
        }
        func decode(_ type: Double.Type) throws -> Double {
            switch value {
            case .float(let f): return f
            case .integer(let i): if let d = Double(i.decimal) { return d }
            default: break
            }
            throw mismatch(type)
        }
        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
        func decode(_ type: Int.Type) throws -> Int { try integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try Reader.unbox(type, value, codingPath: codingPath) }

        func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            guard case .integer(let i) = value, let result = T(i.decimal) else { throw mismatch(type) }
            return result
        }

        func mismatch(_ type: Any.Type) -> DecodingError {
            .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "the session holds \(value.kindName)"))
        }
    }
}

extension SessionValue {
    /// The Python type name, for error messages.
    var kindName: String {
        switch self {
        case .null: return "None"
        case .bool: return "a bool"
        case .integer: return "an int"
        case .float: return "a float"
        case .string: return "a str"
        case .list: return "a list"
        case .tuple: return "a tuple"
        case .dict: return "a dict"
        case .bytes: return "bytes"
        case .markup: return "Markup"
        case .uuid: return "a UUID"
        case .datetime: return "a datetime"
        }
    }
}
