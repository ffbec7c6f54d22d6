import CSignet
import Glibc

/// Signet's C API as C programs get it: the shipped `libsignet.so`, opened with `dlopen` and
/// called through the addresses `dlsym` gives, so that the Swift API is timed against the very
/// machine code `bench_c.c` and nginx run (this executable links the Swift library, not the C
/// one). `CSignet` (include/signet.h) gives the types only.
struct CLibrary {
    typealias OptionsInit = @convention(c) (UnsafeMutablePointer<signet_options>?, Int, signet_preset) -> Int32
    typealias New = @convention(c) (UnsafePointer<signet_options>?, UnsafeMutablePointer<OpaquePointer?>?) -> Int32
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias Verify = @convention(c) (
        OpaquePointer?, UnsafePointer<UInt8>?, Int, Int64, UnsafeMutablePointer<UInt8>?, Int,
        UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int64>?
    ) -> Int32
    typealias Mint = @convention(c) (
        OpaquePointer?, UnsafePointer<UInt8>?, Int, Int64, UnsafeMutablePointer<UInt8>?, Int, UnsafeMutablePointer<Int>?
    ) -> Int32

    let path: String
    let optionsInit: OptionsInit
    let new: New
    let free: Free
    let verify: Verify
    let mint: Mint

    /// Opens the library at `path`; throws the loader's message when it or a function is missing.
    init(path: String) throws(LoadError) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw LoadError(message: dlerror().map { String(cString: $0) } ?? "dlopen failed")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(LoadError) -> T {
            guard let address = dlsym(handle, name) else { throw LoadError(message: "\(path) has no \(name)") }
            return unsafeBitCast(address, to: type)
        }
        self.path = path
        optionsInit = try symbol("signet_options_init", as: OptionsInit.self)
        new = try symbol("signet_new", as: New.self)
        free = try symbol("signet_free", as: Free.self)
        verify = try symbol("signet_verify", as: Verify.self)
        mint = try symbol("signet_mint", as: Mint.self)
    }

    struct LoadError: Error {
        let message: String
    }

    /// A Flask-session context for `key`, as `bench_c.c`'s make_ctx makes it.
    func flaskContext(key: [UInt8]) -> OpaquePointer? {
        var options = signet_options()
        guard optionsInit(&options, MemoryLayout<signet_options>.size, SIGNET_PRESET_FLASK_SESSION) == 0 else { return nil }
        var context: OpaquePointer?
        let status = key.withUnsafeBufferPointer { keyBytes in
            var secret = signet_bytes(ptr: keyBytes.baseAddress, len: keyBytes.count)
            return withUnsafePointer(to: &secret) { secretPointer in
                options.secret_keys = secretPointer
                options.secret_key_count = 1
                return new(&options, &context)
            }
        }
        return status == 0 ? context : nil
    }
}
