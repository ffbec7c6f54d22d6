#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Objects each thread keeps for itself (zlib streams), so hot paths neither share mutable state
/// between threads nor set it up again per call. They are released when the thread exits.
enum PerThread {
    enum Slot: Int, CaseIterable {
        case inflater, deflater
    }

    private final class Storage {
        var objects: [AnyObject?] = Array(repeating: nil, count: Slot.allCases.count)
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()

    /// This thread's object in `slot`, created by `make` on first use.
    static func object<T: AnyObject>(_ slot: Slot, make: () -> T) -> T {
        let storage: Storage
        if let pointer = pthread_getspecific(key) {
            storage = Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as! Storage
        } else {
            storage = Storage()
            pthread_setspecific(key, Unmanaged<AnyObject>.passRetained(storage).toOpaque())
        }
        if let existing = storage.objects[slot.rawValue] as? T { return existing }
        let created = make()
        storage.objects[slot.rawValue] = created
        return created
    }
}
