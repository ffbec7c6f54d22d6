import Glibc

/// Runs work on a thread of its own with a given stack, as hosts that embed Signet create
/// them (nginx workers, JVM and Go threads, musl's 128 KiB default), and measures stack use.
enum SmallStackThread {
    /// The stack every entry point must fit in, whatever its input and limits.
    static let smallStack = 64 * 1024

    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread with a `stackSize`-byte stack and waits for it. Overflowing
    /// the stack kills the test process (SIGSEGV): that is how a test fails here.
    static func run(stackSize: Int = smallStack, _ body: @escaping () -> Void) {
        spawn(stackSize: stackSize, stack: nil, body)
    }

    /// Runs `body` on a thread with a 16 MiB stack painted with a pattern, and returns how many
    /// bytes of that stack it touched (thread descriptor and TLS included).
    static func measure(_ body: @escaping () -> Void) -> Int {
        let size = 16 << 20
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 65536)
        defer { memory.deallocate() }
        memory.initializeMemory(as: UInt8.self, repeating: 0xA5, count: size)
        spawn(stackSize: size, stack: memory, body)
        let bytes = memory.assumingMemoryBound(to: UInt8.self)
        var untouched = 0
        while untouched < size, bytes[untouched] == 0xA5 { untouched += 1 }
        return size - untouched
    }

    private static func spawn(stackSize: Int, stack: UnsafeMutableRawPointer?, _ body: @escaping () -> Void) {
        var attributes = pthread_attr_t()
        precondition(pthread_attr_init(&attributes) == 0)
        defer { pthread_attr_destroy(&attributes) }
        if let stack {
            precondition(pthread_attr_setstack(&attributes, stack, stackSize) == 0)
        } else {
            precondition(pthread_attr_setstacksize(&attributes, stackSize) == 0, "stack size below PTHREAD_STACK_MIN")
        }
        let job = Unmanaged.passRetained(Job(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, &attributes, { context in
            let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
            job.body()
            return nil
        }, job)
        precondition(created == 0, "pthread_create failed")
        precondition(pthread_join(thread, nil) == 0)
    }
}
