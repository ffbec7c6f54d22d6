// Shared by the C ABI harnesses: a context for a preset, keyed with fuzzKey.
import CSignet

func makeContext(_ preset: signet_preset) -> OpaquePointer {
    var options = signet_options()
    require(signet_options_init(&options, MemoryLayout<signet_options>.stride, preset) == SIGNET_OK.rawValue, "options_init")
    return fuzzKey.withUnsafeBufferPointer { key in
        var keys = [signet_bytes(ptr: key.baseAddress, len: key.count)]
        return keys.withUnsafeMutableBufferPointer { list in
            options.secret_keys = UnsafePointer(list.baseAddress)
            options.secret_key_count = 1
            var ctx: OpaquePointer?
            require(signet_new(&options, &ctx) == SIGNET_OK.rawValue && ctx != nil, "signet_new")
            return ctx!
        }
    }
}
