/// A Python `list`: the items of a JSON array (`JSONArray`) or of a Flask session's list or
/// tuple (`SessionList`). A value type with copy-on-write, used like an `Array`.
///
/// The items live in a shared storage object that, when freed, takes nested containers apart
/// level by level on a heap stack (see `NestedValue`): dropping a value nested thousands of
/// levels deep uses constant machine stack, on any thread, whoever built the value.
public struct PythonList<Element: Sendable & Hashable>: Sendable {
    private var storage: PythonListStorage<Element>

    public init() { storage = PythonListStorage([]) }

    /// The list of `elements`, sharing their array (no copy).
    public init(_ elements: [Element]) { storage = PythonListStorage(elements) }

    /// The items as an `Array` (no copy: the array is shared until one side changes).
    public var elements: [Element] { storage.elements }

    /// Makes the storage this value's own before a change.
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = PythonListStorage(storage.elements) }
    }
}

/// Mutated only through a `PythonList` that holds the sole reference (copy-on-write), so no
/// two threads ever see it change: shared between values, it is immutable.
final class PythonListStorage<Element>: @unchecked Sendable {
    var elements: [Element]

    init(_ elements: [Element]) { self.elements = elements }

    deinit { NestedRelease.releaseChildren(of: &elements) }
}

extension PythonList: RandomAccessCollection, MutableCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.elements.count }
    public var count: Int { storage.elements.count }
    public var isEmpty: Bool { storage.elements.isEmpty }

    public subscript(position: Int) -> Element {
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

    public func makeIterator() -> IndexingIterator<[Element]> { storage.elements.makeIterator() }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
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
        for element in storage.elements where element.isContainer { pending.append(element) }
        storage.elements = []
    }
}

/// The items of a JSON array.
public typealias JSONArray = PythonList<JSONValue>
/// The items of a Flask session's list or tuple.
public typealias SessionList = PythonList<SessionValue>
