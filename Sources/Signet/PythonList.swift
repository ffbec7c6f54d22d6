/// A Python `list`: the items of a JSON array (`JSONArray`) or of a Flask session's list or
/// tuple (`SessionList`). A value type with copy-on-write, used like an `Array`.
///
/// The items live in a shared storage object that, when freed, takes nested containers apart
/// level by level on a heap stack (see `NestedValue`): dropping a value nested thousands of
/// levels deep uses constant machine stack, on any thread, whoever built the value.
public struct PythonList<Element: Sendable & Hashable>: Sendable {
    // Reads are inlinable, so that callers in other modules get code specialized for their
    // element type rather than generic code that looks up type metadata on every call.
    @usableFromInline var storage: PythonListStorage<Element>

    public init() { storage = PythonListStorage([]) }

    /// The list of `elements`, sharing their array (no copy).
    public init(_ elements: [Element]) { storage = PythonListStorage(elements) }

    /// The items as an `Array` (no copy: the array is shared until one side changes).
    @inlinable public var elements: [Element] { storage.elements }

    /// Makes the storage this value's own before a change.
    @usableFromInline mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = PythonListStorage(storage.elements) }
    }
}

/// Mutated only through a `PythonList` that holds the sole reference (copy-on-write), so no
/// two threads ever see it change: shared between values, it is immutable. For the same
/// reason no access to `elements` can overlap a change to it (the owning `PythonList`'s own,
/// static, exclusivity covers it), so the dynamic check of every access is left out.
@usableFromInline
final class PythonListStorage<Element>: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var elements: [Element]

    @usableFromInline init(_ elements: [Element]) { self.elements = elements }

    deinit {
        // The library's two nesting element types, told apart by their metadata (a pointer
        // comparison), then handled by code specialized for them; other types do not nest.
        if Element.self == SessionValue.self {
            unsafeDowncast(self, to: PythonListStorage<SessionValue>.self).releaseNestedElements()
        } else if Element.self == JSONValue.self {
            unsafeDowncast(self, to: PythonListStorage<JSONValue>.self).releaseNestedElements()
        }
    }
}

extension PythonListStorage where Element: NestedValue {
    func releaseNestedElements() {
        if !elements.isEmpty { Element.releaseChildren(of: &elements) }
    }
}

extension PythonList: RandomAccessCollection, MutableCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.elements.count }
    @inlinable public var count: Int { storage.elements.count }
    @inlinable public var isEmpty: Bool { storage.elements.isEmpty }

    @inlinable public subscript(position: Int) -> Element {
        get { storage.elements[position] }
        _modify {
            makeUnique()
            yield &storage.elements[position]
        }
    }

    public subscript(bounds: Range<Int>) -> Slice<PythonList> {
        get { Slice(base: self, bounds: bounds) }
        set { replaceSubrange(bounds, with: newValue) }
    }

    @inlinable public func makeIterator() -> IndexingIterator<[Element]> { storage.elements.makeIterator() }

    @inlinable public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try storage.elements.withUnsafeBufferPointer(body)
    }
}

extension PythonList: RangeReplaceableCollection {
    public mutating func replaceSubrange<C: Collection<Element>>(_ subrange: Range<Int>, with newElements: C) {
        makeUnique()
        storage.elements.replaceSubrange(subrange, with: newElements)
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        makeUnique()
        storage.elements.reserveCapacity(minimumCapacity)
    }

    public mutating func append(_ newElement: Element) {
        makeUnique()
        storage.elements.append(newElement)
    }

    public mutating func append<S: Sequence<Element>>(contentsOf newElements: S) {
        makeUnique()
        storage.elements.append(contentsOf: newElements)
    }
}

extension PythonList: ExpressibleByArrayLiteral, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public init(arrayLiteral elements: Element...) { self.init(elements) }

    public static func == (lhs: PythonList, rhs: PythonList) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.elements == rhs.storage.elements
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.elements) }

    public var description: String { storage.elements.description }

    public var debugDescription: String { storage.elements.debugDescription }
}

extension PythonList where Element: NestedValue {
    /// When no other value shares this list's storage, moves the containers among its items to
    /// `pending` and empties it, so that freeing it releases no nested container.
    mutating func moveNestedElements(to pending: inout [Element]) {
        guard isKnownUniquelyReferenced(&storage) else { return }
        var elements: [Element] = []
        swap(&elements, &storage.elements)
        for index in elements.indices where elements[index].isContainer {
            pending.append(elements[index].taken())
        }
    }
}

/// The items of a JSON array.
public typealias JSONArray = PythonList<JSONValue>
/// The items of a Flask session's list or tuple.
public typealias SessionList = PythonList<SessionValue>
