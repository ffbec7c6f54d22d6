/// A Python `list`: the items of a JSON array (`JSONArray`) or of a Flask session's list or
/// tuple (`SessionList`). A value type with copy-on-write, used like an `Array`.
///
/// The items live in one shared heap allocation that, when freed, takes nested containers apart
/// level by level on a heap stack (see `NestedValue`): dropping a value nested thousands of
/// levels deep uses constant machine stack, on any thread, whoever built the value. A verified
/// session's lists share one allocation with the rest of the session (a `SessionSlab`); the
/// first change copies the items to a storage of their own.
public struct PythonList<Element: Sendable & Hashable>: @unchecked Sendable {
    // `@unchecked Sendable`: the storage is a `ManagedBuffer`, which is not `Sendable`, but
    // is never changed while shared (see `ItemStorage`).
    // Reads are inlinable, so that callers in other modules get code specialized for their
    // element type rather than generic code that looks up type metadata on every call.
    /// What keeps the items alive: their own ``PythonListStorage``, or the `SessionSlab`
    /// they were carved from.
    @usableFromInline var owner: ItemMemory
    /// The count, the items right after it (see ``items(after:_:)``).
    @usableFromInline var header: UnsafeMutablePointer<ItemStorageHeader>

    public init() { self.init(storage: PythonListStorage.make(capacity: 0)) }

    /// The list of `elements` (copied).
    public init(_ elements: [Element]) {
        let storage = PythonListStorage<Element>.make(capacity: elements.count)
        for element in elements { storage.append(element) }
        self.init(storage: storage)
    }

    init(storage: PythonListStorage<Element>) { self.init(owner: storage, header: storage.counts) }

    /// Items at `header`, kept alive by `owner` (their storage, or the slab they were carved from).
    init(owner: ItemMemory, header: UnsafeMutablePointer<ItemStorageHeader>) { (self.owner, self.header) = (owner, header) }

    @inlinable var items: UnsafeMutablePointer<Element> { Signet.items(after: header, Element.self) }

    @inlinable var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: items, count: header.pointee.count) }

    /// The items as an `Array` (a copy).
    @inlinable public var elements: [Element] { Array(buffer) }

    /// The storage, once ``makeUnique(capacity:)`` has made it this value's own.
    @inlinable var ownStorage: PythonListStorage<Element> { unsafeDowncast(owner, to: PythonListStorage<Element>.self) }

    /// Whether this value alone holds its items, in a storage of their own: then they may change.
    @inlinable mutating func isUniqueStorage() -> Bool {
        isKnownUniquelyReferenced(&owner) && !header.pointee.isCarved
    }

    /// Makes the storage this value's own, with room for `capacity` items, before a change.
    @usableFromInline mutating func makeUnique(capacity: Int) {
        if !isUniqueStorage() {
            let copy = PythonListStorage<Element>.copying(items, count: header.pointee.count, capacity: capacity)
            self = PythonList(storage: copy)
        } else if capacity > header.pointee.capacity {
            self = PythonList(storage: ownStorage.moved(capacity: grownCapacity(header.pointee.capacity, toHold: capacity)))
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
    @inlinable public var endIndex: Int { header.pointee.count }
    @inlinable public var count: Int { header.pointee.count }
    @inlinable public var isEmpty: Bool { header.pointee.count == 0 }

    @inlinable public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < header.pointee.count, "Index out of range")
            return items[position]
        }
        _modify {
            precondition(position >= 0 && position < header.pointee.count, "Index out of range")
            makeUnique(capacity: header.pointee.count)
            yield &items[position]
        }
    }

    public subscript(bounds: Range<Int>) -> Slice<PythonList> {
        get { Slice(base: self, bounds: bounds) }
        set { replaceSubrange(bounds, with: newValue) }
    }

    @inlinable public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(buffer)) }
    }
}

extension PythonList: RangeReplaceableCollection {
    public mutating func replaceSubrange<C: Collection<Element>>(_ subrange: Range<Int>, with newElements: C) {
        precondition(subrange.lowerBound >= 0 && subrange.upperBound <= count, "Range out of bounds")
        let added = newElements.count
        let newCount = count - subrange.count + added
        makeUnique(capacity: newCount)
        let p = items
        let tail = count - subrange.upperBound
        p.advanced(by: subrange.lowerBound).deinitialize(count: subrange.count)
        // The later items make room (or close the gap); the regions may overlap.
        p.advanced(by: subrange.lowerBound + added).moveInitialize(from: p + subrange.upperBound, count: tail)
        var slot = p + subrange.lowerBound
        for element in newElements.prefix(added) {
            slot.initialize(to: element)
            slot += 1
        }
        header.pointee.count = newCount
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        makeUnique(capacity: Swift.max(minimumCapacity, count))
    }

    public mutating func append(_ newElement: Element) {
        makeUnique(capacity: count + 1)
        ownStorage.append(newElement)
    }

    public mutating func append<S: Sequence<Element>>(contentsOf newElements: S) {
        makeUnique(capacity: count + newElements.underestimatedCount)
        for element in newElements { append(element) }
    }
}

extension PythonList: ExpressibleByArrayLiteral, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public init(arrayLiteral elements: Element...) { self.init(elements) }

    public static func == (lhs: PythonList, rhs: PythonList) -> Bool {
        lhs.header == rhs.header || lhs.buffer.elementsEqual(rhs.buffer)
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
        guard isUniqueStorage() else { return }
        ownStorage.moveNestedItems(to: &pending)
    }
}

/// The items of a JSON array.
public typealias JSONArray = PythonList<JSONValue>
/// The items of a Flask session's list or tuple.
public typealias SessionList = PythonList<SessionValue>
