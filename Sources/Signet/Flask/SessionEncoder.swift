/// Turns any `Encodable` into a `SessionValue`: structs and dictionaries become dicts, arrays
/// lists, numbers, strings, booleans and nil themselves, and `SessionValueRepresentable` types
/// (`SessionBytes`, `SessionUUID`, `SessionDateTime`, `SessionMarkup`, `SessionValue`) their tags.
public struct SessionEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> SessionValue {
        try Storage.box(value, codingPath: [])
    }

    final class Storage {
        var value: SessionValue = .null
        var dict: [(JSONString, Storage)]?
        var list: [Storage]?

        /// The value this storage and those under it encoded. A caller's `encode(to:)` may nest
        /// containers as deep as it likes without recursing, so the tree is walked with a heap
        /// stack, each storage handing its children over as it opens: none is left holding a
        /// subtree, and the storages are freed one level at a time too.
        func takeResolved() throws(SignetError) -> SessionValue {
            try PostOrderConversion.convert(self) { (storage) throws(SignetError) -> ConversionStep<ResolveFrame> in
                let frame: ResolveFrame
                if let dict = storage.dict {
                    frame = ResolveFrame(keys: dict.map(\.0), children: dict.map(\.1))
                } else if let list = storage.list {
                    frame = ResolveFrame(keys: nil, children: list)
                } else {
                    return .done(storage.value)
                }
                (storage.dict, storage.list) = (nil, nil)
                guard let first = frame.children.first else { return .done(frame.resolved) }
                return .open(frame, first: first)
            }
        }

        /// One container being resolved: a dict's keys (nil for a list), its children's
        /// storages, and the values of those resolved so far.
        struct ResolveFrame: ConversionFrame {
            let keys: [JSONString]?
            let children: [Storage]
            var values: [SessionValue] = []

            mutating func add(_ child: SessionValue, _: inout Void) -> Storage? {
                values.append(child)
                return values.count < children.count ? children[values.count] : nil
            }

            func finish(_: inout Void) -> SessionValue { resolved }

            var resolved: SessionValue {
                guard let keys else { return .list(values) }
                return .dict(SessionDict(Array(zip(keys, values))))
            }
        }

        static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> SessionValue {
            if let representable = value as? SessionValueRepresentable { return representable.sessionValue }
            let storage = Storage()
            try value.encode(to: Encoder(storage: storage, codingPath: codingPath))
            return try storage.takeResolved()
        }

        struct Encoder: Swift.Encoder {
            let storage: Storage
            let codingPath: [any CodingKey]
            var userInfo: [CodingUserInfoKey: Any] { [:] }

            func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
                if storage.dict == nil { storage.dict = [] }
                return KeyedEncodingContainer(Keyed<Key>(storage: storage, codingPath: codingPath))
            }

            func unkeyedContainer() -> any UnkeyedEncodingContainer {
                if storage.list == nil { storage.list = [] }
                return Unkeyed(storage: storage, codingPath: codingPath)
            }

            func singleValueContainer() -> any SingleValueEncodingContainer {
                Single(storage: storage, codingPath: codingPath)
            }
        }

        struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
            let storage: Storage
            let codingPath: [any CodingKey]

            func child(_ key: Key) -> Storage {
                let child = Storage()
                let name = JSONString(key.stringValue)
                if let index = storage.dict!.firstIndex(where: { $0.0 == name }) {
                    storage.dict![index].1 = child
                } else {
                    storage.dict!.append((name, child))
                }
                return child
            }

            mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }
            mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
                child(key).value = try Storage.box(value, codingPath: codingPath + [key])
            }
            mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
                Encoder(storage: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
            }
            mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
                Encoder(storage: child(key), codingPath: codingPath + [key]).unkeyedContainer()
            }
            mutating func superEncoder() -> any Swift.Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
            mutating func superEncoder(forKey key: Key) -> any Swift.Encoder {
                Encoder(storage: child(key), codingPath: codingPath + [key])
            }
        }

        struct Unkeyed: UnkeyedEncodingContainer {
            let storage: Storage
            let codingPath: [any CodingKey]
            var count: Int { storage.list!.count }

            func append() -> Storage {
                let child = Storage()
                storage.list!.append(child)
                return child
            }

            mutating func encodeNil() throws { append().value = .null }
            mutating func encode<T: Encodable>(_ value: T) throws {
                append().value = try Storage.box(value, codingPath: codingPath)
            }
            mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
                Encoder(storage: append(), codingPath: codingPath).container(keyedBy: keyType)
            }
            mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
                Encoder(storage: append(), codingPath: codingPath).unkeyedContainer()
            }
            mutating func superEncoder() -> any Swift.Encoder { Encoder(storage: append(), codingPath: codingPath) }
        }

        struct Single: SingleValueEncodingContainer {
            let storage: Storage
            let codingPath: [any CodingKey]

            mutating func encodeNil() throws { storage.value = .null }
            mutating func encode(_ value: Bool) throws { storage.value = .bool(value) }
            mutating func encode(_ value: String) throws { storage.value = .string(JSONString(value)) }
            mutating func encode(_ value: Double) throws { storage.value = .float(value) }
            mutating func encode(_ value: Float) throws { storage.value = .float(Double(value)) }
            mutating func encode(_ value: Int) throws { storage.value = .integer(JSONInteger(Int64(value))) }
            mutating func encode(_ value: Int8) throws { storage.value = .integer(JSONInteger(Int64(value))) }
            mutating func encode(_ value: Int16) throws { storage.value = .integer(JSONInteger(Int64(value))) }
            mutating func encode(_ value: Int32) throws { storage.value = .integer(JSONInteger(Int64(value))) }
            mutating func encode(_ value: Int64) throws { storage.value = .integer(JSONInteger(value)) }
            mutating func encode(_ value: UInt) throws { storage.value = .integer(JSONInteger(decimal: String(value))!) }
            mutating func encode(_ value: UInt8) throws { storage.value = .integer(JSONInteger(Int64(value))) }
            mutating func encode(_ value: UInt16) throws { storage.value = .integer(JSONInteger(Int64(value))) }
            mutating func encode(_ value: UInt32) throws { storage.value = .integer(JSONInteger(Int64(value))) }
            mutating func encode(_ value: UInt64) throws { storage.value = .integer(JSONInteger(decimal: String(value))!) }
            mutating func encode<T: Encodable>(_ value: T) throws {
                storage.value = try Storage.box(value, codingPath: codingPath)
            }
        }
    }
}
