/// A stack in memory the caller lends (usually its own stack frame, so that a small document
/// needs no heap allocation), moving to the heap, doubling, when it outgrows it.
///
/// A value of this type owns its elements but is not freed by itself: call ``free()`` once
/// done, whatever happened. Only the builder that made it uses it, so copies (the reader keeps
/// the builder by value) all stand for the same stack and only the last one in use is freed.
struct ScratchStack<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0
    /// Whether `base` is heap memory of this stack's own.
    private var isOwned = false

    init(lending memory: UnsafeMutableBufferPointer<Element>) {
        base = memory.baseAddress!
        capacity = memory.count
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Makes room for `extra` more elements, then lets `body` initialize up to that many from
    /// the top and keeps as many as it returns (bytes written straight into a growing output).
    @inline(__always)
    mutating func pushUninitialized<E: Error>(
        upTo extra: Int, _ body: (UnsafeMutablePointer<Element>) throws(E) -> Int
    ) throws(E) {
        if capacity &- count < extra { grow(toHold: count + extra) }
        count += try body(base + count)
    }

    @inline(never)
    private mutating func grow(toHold needed: Int = 0) {
        let grown = Swift.max(2 * capacity, 16, needed)
        let new = UnsafeMutablePointer<Element>.allocate(capacity: grown)
        new.moveInitialize(from: base, count: count)
        if isOwned { base.deallocate() }
        base = new
        capacity = grown
        isOwned = true
    }

    /// The element on top, moved off the stack.
    @inline(__always)
    mutating func pop() -> Element {
        count -= 1
        return (base + count).move()
    }

    /// Drops the elements from `newCount` up, which the caller has moved out already.
    mutating func forget(downTo newCount: Int) {
        count = newCount
    }

    /// Frees the elements and the stack's own memory.
    mutating func free() {
        // Guarded: with no element left (the usual case) it would still look up the element
        // type's metadata and call the runtime.
        if count > 0 { base.deinitialize(count: count) }
        count = 0
        if isOwned { base.deallocate() }
        isOwned = false
        capacity = 0
    }
}
