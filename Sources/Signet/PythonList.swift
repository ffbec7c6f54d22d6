/// A Python `list`: the items of a JSON array (`JSONArray`) or of a Flask session's list or
/// tuple (`SessionList`). A value type with copy-on-write, used like an `Array`.
///
/// The items live in one shared heap allocation that, when freed, takes nested containers apart
/// level by level on a heap stack (see `NestedValue`): dropping a value nested thousands of
/// levels deep uses constant machine stack, on any thread, whoever built the value.
public struct PythonList<Element: Sendable & Hashable>: @unchecked Sendable {
    // `@unchecked Sendable`: the storage is a `ManagedBuffer`, which is not `Sendable`, but
    // is never changed while shared (see `ItemStorage`).
    // Reads are inlinable, so that callers in other modules get code specialized for their
    // element type rather than generic code that looks up type metadata on every call.
    @usableFromInline var storage: PythonListStorage<Element>

    public init() { storage = PythonListStorage.make(capacity: 0) }

    /// The list of `elements` (copied).
    public init(_ elements: [Element]) {
        storage = PythonListStorage.make(capacity: elements.count)
        for element in elements { storage.append(element) }
    }

    init(storage: PythonListStorage<Element>) { self.storage = storage }

    /// The items as an `Array` (a copy).
    @inlinable public var elements: [Element] { Array(storage.buffer) }

    /// Makes the storage this value's own, with room for `capacity` items, before a change.
    @usableFromInline mutating func makeUnique(capacity: Int) {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copied(capacity: capacity)
        } else if capacity > storage.room {
            storage = storage.moved(capacity: grownCapacity(storage.room, toHold: capacity))
        }
    }
}

/// Frees nested containers level by level: the library's two nesting element types are told
/// apart by their metadata (a pointer comparison), then handled by code specialized for them;
/// other types do not nest.
@usableFromInline
final class PythonListStorage<Element>: ItemStorage<Element> {
    deinit {
        if Element.self == SessionValue.self {
            unsafeDowncast(self, to: PythonListStorage<SessionValue>.self).releaseSessionItems()
        } else if Element.self == JSONValue.self {
            unsafeDowncast(self, to: PythonListStorage<JSONValue>.self).releaseNestedItems()
        }
    }
}

extension PythonList: RandomAccessCollection, MutableCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }
    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.count == 0 }

    @inlinable public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < storage.count, "Index out of range")
            return storage.items[position]
        }
        _modify {
            precondition(position >= 0 && position < storage.count, "Index out of range")
            makeUnique(capacity: storage.count)
            yield &storage.items[position]
        }
    }

    public subscript(bounds: Range<Int>) -> Slice<PythonList> {
        get { Slice(base: self, bounds: bounds) }
        set { replaceSubrange(bounds, with: newValue) }
    }

    @inlinable public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(storage.buffer)) }
    }
}

extension PythonList: RangeReplaceableCollection {
    public mutating func replaceSubrange<C: Collection<Element>>(_ subrange: Range<Int>, with newElements: C) {
        precondition(subrange.lowerBound >= 0 && subrange.upperBound <= storage.count, "Range out of bounds")
        let added = newElements.count
        let newCount = storage.count - subrange.count + added
        makeUnique(capacity: newCount)
        let p = storage.items
        let tail = storage.count - subrange.upperBound
        p.advanced(by: subrange.lowerBound).deinitialize(count: subrange.count)
        // The later items make room (or close the gap); the regions may overlap.
        p.advanced(by: subrange.lowerBound + added).moveInitialize(from: p + subrange.upperBound, count: tail)
        var slot = p + subrange.lowerBound
        for element in newElements.prefix(added) {
            slot.initialize(to: element)
            slot += 1
        }
        storage.counts.pointee.count = newCount
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        makeUnique(capacity: Swift.max(minimumCapacity, storage.count))
    }

    public mutating func append(_ newElement: Element) {
        makeUnique(capacity: storage.count + 1)
        storage.append(newElement)
    }

    public mutating func append<S: Sequence<Element>>(contentsOf newElements: S) {
        makeUnique(capacity: storage.count + newElements.underestimatedCount)
        for element in newElements { append(element) }
    }
}

extension PythonList: ExpressibleByArrayLiteral, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public init(arrayLiteral elements: Element...) { self.init(elements) }

    public static func == (lhs: PythonList, rhs: PythonList) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.buffer.elementsEqual(rhs.storage.buffer)
    }

    public func hash(into hasher: inout Hasher) {
        // As `Array` hashes.
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }

    public var description: String { elements.description }

    public var debugDescription: String { elements.debugDescription }
}

extension PythonList where Element: NestedValue {
    /// When no other value shares this list's storage, moves the containers among its items to
    /// `pending` and empties it, so that freeing it releases no nested container.
    mutating func moveNestedElements(to pending: inout [Element]) {
        guard isKnownUniquelyReferenced(&storage) else { return }
        storage.moveNestedItems(to: &pending)
    }
}

/// The items of a JSON array.
public typealias JSONArray = PythonList<JSONValue>
/// The items of a Flask session's list or tuple.
public typealias SessionList = PythonList<SessionValue>
