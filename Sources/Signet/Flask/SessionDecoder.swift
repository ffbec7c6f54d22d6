/// Turns a `SessionValue` into any `Decodable`, the reverse of `SessionEncoder`.
///
/// Numbers convert when they fit exactly (an integer into a `Double` too, as JSON decoders do);
/// `SessionValueRepresentable` types take their tagged value as is.
///
/// Swift's `Decodable` machinery recurses once per nesting level of the value (1 to 3 KiB of
/// stack per level, depending on the types and the build), which no decoder can avoid. So that
/// a session nested as deep as the limits allow cannot exhaust a small thread's stack when it is
/// decoded into a recursive type, containers nested deeper than `maxDepth` are refused with
/// `DecodingError.dataCorrupted`.
public struct SessionDecoder: Sendable {
    /// The default `maxDepth`: 16 nested containers (dicts, lists, tuples), far more than a
    /// session type usually has, and within a 64 KiB stack even in a debug build.
    public static let defaultMaxDepth = 16

    /// Most containers nested in the decoded value.
    public var maxDepth: Int

    public init(maxDepth: Int = SessionDecoder.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    public func decode<T: Decodable>(_ type: T.Type, from value: SessionValue) throws -> T {
        try Reader.unbox(type, value, codingPath: [], nesting: Nesting(depth: 0, maxDepth: maxDepth))
    }

    /// How many containers are open above a value, and how many may be.
    struct Nesting {
        let depth: Int
        let maxDepth: Int

        /// The nesting inside one more container, refused past `maxDepth`.
        func entering(_ codingPath: [any CodingKey]) throws -> Nesting {
            guard depth < maxDepth else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: codingPath, debugDescription: "the session nests more than \(maxDepth) containers deep"))
            }
            return Nesting(depth: depth + 1, maxDepth: maxDepth)
        }
    }

    struct Reader: Swift.Decoder {
        let value: SessionValue
        let codingPath: [any CodingKey]
        let nesting: Nesting
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        static func unbox<T: Decodable>(_ type: T.Type, _ value: SessionValue, codingPath: [any CodingKey], nesting: Nesting) throws -> T {
            if let representable = type as? SessionValueRepresentable.Type {
                guard let result = representable.init(sessionValue: value) as? T else {
                    throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "the session holds \(value.kindName)"))
                }
                return result
            }
            return try T(from: Reader(value: value, codingPath: codingPath, nesting: nesting))
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .dict(let dict) = value else { throw mismatch([String: Int].self) }
            return KeyedDecodingContainer(Keyed<Key>(dict: dict, codingPath: codingPath, nesting: try nesting.entering(codingPath)))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            switch value {
            case .list(let items), .tuple(let items):
                return Unkeyed(items: items, codingPath: codingPath, nesting: try nesting.entering(codingPath))
            default: throw mismatch([Int].self)
            }
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value, codingPath: codingPath, nesting: nesting) }

        func mismatch(_ type: Any.Type) -> DecodingError {
            .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "the session holds \(value.kindName)"))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let dict: SessionDict
        let codingPath: [any CodingKey]
        let nesting: Nesting
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
            try Reader.unbox(type, try value(key), codingPath: codingPath + [key], nesting: nesting)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try Reader(value: try value(key), codingPath: codingPath + [key], nesting: nesting).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try Reader(value: try value(key), codingPath: codingPath + [key], nesting: nesting).unkeyedContainer()
        }
        func superDecoder() throws -> any Swift.Decoder { Reader(value: .dict(dict), codingPath: codingPath, nesting: nesting) }
        func superDecoder(forKey key: Key) throws -> any Swift.Decoder {
            Reader(value: try value(key), codingPath: codingPath + [key], nesting: nesting)
        }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: SessionList
        let codingPath: [any CodingKey]
        let nesting: Nesting
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
            try Reader.unbox(type, try next(), codingPath: codingPath, nesting: nesting)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try Reader(value: try next(), codingPath: codingPath, nesting: nesting).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try Reader(value: try next(), codingPath: codingPath, nesting: nesting).unkeyedContainer()
        }
        mutating func superDecoder() throws -> any Swift.Decoder { Reader(value: try next(), codingPath: codingPath, nesting: nesting) }
    }

    struct Single: SingleValueDecodingContainer {
        let value: SessionValue
        let codingPath: [any CodingKey]
        let nesting: Nesting

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
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try Reader.unbox(type, value, codingPath: codingPath, nesting: nesting) }

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
