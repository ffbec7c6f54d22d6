// libFuzzer harness: the Swift API's verifiers on hostile tokens: FlaskSessions.verify,
// Serializer.loads (URL-safe timed and plain), Signer.unsign, TimestampSigner.unsign.
// Invariants: never a crash; every error is a BadData kind and describes itself without the
// key; what verifies also validates (the seeds are genuine tokens, so mutants can verify); the
// fast path and the general one (FastPath off) give the same session, JSON bytes and error.
import Signet

private let sessions = try! FlaskSessions(secretKey: String(decoding: fuzzKey, as: UTF8.self))
private let urlSafeTimed = try! Serializer.urlSafeTimed(secretKeys: [fuzzKey])
private let plain = try! Serializer(secretKeys: [fuzzKey])
private let signer = try! Signer(secretKeys: [fuzzKey])
private let timestampSigner = TimestampSigner(signer: signer, clock: .fixed(1_700_000_000))
private let keyText = String(decoding: fuzzKey, as: UTF8.self)

private func check(_ error: SignetError) {
    require(!error.description.contains(keyText), "error text holds the key: \(error.kind)")
    require(error.isA(.badData), "verify failed with a non-data error \(error.kind)")
}

/// What one verification gave, as bytes to compare: the session's tagged JSON (a NaN is not
/// equal to itself, its text is) and time, or the error.
private func outcome(_ body: () throws(SignetError) -> ([UInt8], Int64)) -> String {
    do {
        let (json, signedAt) = try body()
        return "ok \(signedAt) " + String(decoding: json, as: UTF8.self)
    } catch {
        check(error)
        return "error \(error.kind) \(error.message)"
    }
}

/// `body`'s outcome with the fast path on, required equal to the general path's.
private func bothPaths(_ what: String, _ body: () throws(SignetError) -> ([UInt8], Int64)) {
    let fast = outcome(body)
    FastPath.isEnabled = false
    let general = outcome(body)
    FastPath.isEnabled = true
    require(fast == general, "\(what): the fast path gives \(fast), the general path \(general)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Input(pointer, size)
    let now: Int64? = (input.mode & 1) != 0 ? 1_700_000_000 : nil
    bothPaths("verify") { () throws(SignetError) in
        let verified = try sessions.verify(input.data, now: now)
        return (try FlaskSessions.taggedJSON(verified.session), verified.signedAt)
    }
    bothPaths("verifyTaggedJSON") { () throws(SignetError) in try sessions.verifyTaggedJSON(input.data, now: now) }
    do {
        _ = try urlSafeTimed.loads(input.data, maxAge: 60, now: now)
    } catch { check(error) }
    do {
        _ = try plain.loads(input.data)
    } catch { check(error) }
    do {
        let value = try signer.unsign(input.data)
        require(signer.validate(input.data), "unsign accepted what validate refuses")
        require(value.count < input.data.count, "the value is not shorter than the token")
    } catch {
        check(error)
        require(!signer.validate(input.data), "validate accepted what unsign refuses")
    }
    do {
        _ = try timestampSigner.unsign(input.data, maxAge: (input.mode & 2) != 0 ? 10 : nil)
    } catch { check(error) }
    return 0
}
