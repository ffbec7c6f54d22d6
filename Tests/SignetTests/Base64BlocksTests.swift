import XCTest
@testable import Signet

/// The SSE2 block coders must map every value and character like the tables, and
/// `Base64URL.decode(_:into:)` must never write past the buffer it is given.
final class Base64BlocksTests: XCTestCase {
    /// An independent decoder: the alphabet's index of each character, bits accumulated.
    private func referenceDecode(_ text: [UInt8], alphabet: [UInt8] = Base64URL.alphabet) -> [UInt8]? {
        if text.count % 4 == 1 { return nil }
        var bits: UInt32 = 0
        var bitCount = 0
        var out = [UInt8]()
        for character in text {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            bits = bits << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                out.append(UInt8(truncatingIfNeeded: bits >> UInt32(bitCount)))
            }
        }
        if bits & ((1 << UInt32(bitCount)) - 1) != 0 { return nil }
        return out
    }

    /// The reference decoder of padded standard base64: a multiple of four characters, the
    /// last one or two of them `=` in place of characters.
    private func referencePaddedDecode(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var body = text
        for _ in 0..<2 where body.last == UInt8(ascii: "=") { body.removeLast() }
        return referenceDecode(body, alphabet: StandardBase64.alphabet)
    }

    private func randomText(_ count: Int, _ generator: inout some RandomNumberGenerator, alphabet: [UInt8] = Base64URL.alphabet) -> [UInt8] {
        (0..<count).map { _ in alphabet[Int.random(in: 0..<64, using: &generator)] }
    }

    /// An independent encoder: bits accumulated, six at a time through the alphabet.
    private func referenceEncode(_ bytes: [UInt8], alphabet: [UInt8] = Base64URL.alphabet) -> [UInt8] {
        var bits: UInt32 = 0
        var bitCount = 0
        var out = [UInt8]()
        for byte in bytes {
            bits = bits << 8 | UInt32(byte)
            bitCount += 8
            while bitCount >= 6 {
                bitCount -= 6
                out.append(alphabet[Int(bits >> UInt32(bitCount) & 63)])
            }
        }
        if bitCount > 0 { out.append(alphabet[Int(bits << UInt32(6 - bitCount) & 63)]) }
        return out
    }

    /// Twelve bytes whose sixteen 6-bit groups are `sextets`.
    private func bytes(ofSextets sextets: [Int]) -> [UInt8] {
        stride(from: 0, to: sextets.count, by: 4).flatMap { start -> [UInt8] in
            let group = sextets[start] << 18 | sextets[start + 1] << 12 | sextets[start + 2] << 6 | sextets[start + 3]
            return [UInt8(group >> 16), UInt8(group >> 8 & 0xFF), UInt8(group & 0xFF)]
        }
    }

    func testBlockEncodesEveryValueInEveryPositionLikeTheTable() throws {
        try XCTSkipUnless(Base64Blocks.isAvailable, "no block encoder on this architecture")
        encodeEveryValueInEveryPosition(Base64URL.self, alphabet: Base64URL.alphabet)
    }

    func testStandardAlphabetBlockEncodesEveryValueInEveryPositionLikeTheTable() throws {
        try XCTSkipUnless(Base64Blocks.isAvailable, "no block encoder on this architecture")
        encodeEveryValueInEveryPosition(StandardBase64.self, alphabet: StandardBase64.alphabet)
    }

    private func encodeEveryValueInEveryPosition<Alphabet: Base64Alphabet>(_: Alphabet.Type, alphabet: [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        let background = (0..<Base64Blocks.characterCount).map { _ in Int.random(in: 0..<64, using: &generator) }
        for position in 0..<Base64Blocks.characterCount {
            for value in 0..<64 {
                var sextets = background
                sextets[position] = value
                let input = bytes(ofSextets: sextets) + [0xEE] // the byte the last load reads
                XCTAssertEqual(input.count, Base64Blocks.encodeReadCount)
                var out = [UInt8](repeating: 0, count: Base64Blocks.characterCount)
                input.withUnsafeBufferPointer { source in
                    out.withUnsafeMutableBufferPointer { Base64Blocks.encode(source.baseAddress!, into: $0.baseAddress!, Alphabet.self) }
                }
                XCTAssertEqual(out, sextets.map { alphabet[$0] }, "value \(value) at \(position)")
            }
        }
    }

    func testEncodeAgreesWithTheReferenceAcrossLengths() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<120 {
            let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertEqual(Base64URL.encode(input), referenceEncode(input), "length \(length)")
            // Padded standard base64: the same bits in the other alphabet, then `=` to a multiple of four.
            let standard = referenceEncode(input, alphabet: StandardBase64.alphabet)
            let padded = standard + [UInt8](repeating: UInt8(ascii: "="), count: (4 - standard.count % 4) % 4)
            XCTAssertEqual(StandardBase64.encode(input), String(decoding: padded, as: UTF8.self), "length \(length)")
        }
    }

    func testBlockJudgesEveryByteInEveryPositionLikeTheTable() throws {
        try XCTSkipUnless(Base64Blocks.isAvailable, "no block decoder on this architecture")
        try judgeEveryByteInEveryPosition(Base64URL.self, alphabet: Base64URL.alphabet)
    }

    func testStandardAlphabetBlockJudgesEveryByteInEveryPositionLikeTheTable() throws {
        try XCTSkipUnless(Base64Blocks.isAvailable, "no block decoder on this architecture")
        try judgeEveryByteInEveryPosition(StandardBase64.self, alphabet: StandardBase64.alphabet)
    }

    private func judgeEveryByteInEveryPosition<Alphabet: Base64Alphabet>(_: Alphabet.Type, alphabet: [UInt8]) throws {
        var generator = SystemRandomNumberGenerator()
        let block = randomText(Base64Blocks.characterCount, &generator, alphabet: alphabet)
        var accepted = 0
        for position in 0..<Base64Blocks.characterCount {
            for byte in UInt8.min...UInt8.max {
                var text = block
                text[position] = byte
                var out = [UInt8](repeating: 0, count: Base64Blocks.decodeStoreCount)
                let ok = text.withUnsafeBufferPointer { source in
                    out.withUnsafeMutableBufferPointer { Base64Blocks.decode(source.baseAddress!, into: $0.baseAddress!, Alphabet.self) }
                }
                let expected = referenceDecode(text, alphabet: alphabet)
                XCTAssertEqual(ok, expected != nil, "byte \(byte) at \(position)")
                if ok {
                    accepted += 1
                    XCTAssertEqual(Array(out[0..<Base64Blocks.byteCount]), expected, "byte \(byte) at \(position)")
                }
            }
        }
        XCTAssertEqual(accepted, 64 * Base64Blocks.characterCount)
    }

    func testDecodeAgreesWithTheReferenceAcrossLengthsAndDefects() {
        var generator = SystemRandomNumberGenerator()
        let defects: [UInt8] = [UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "."), 0, 0x80, 0xFF]
        for length in 0..<120 {
            for trial in 0..<8 {
                var text = randomText(length, &generator)
                if trial > 0, length > 0 {
                    text[Int.random(in: 0..<length, using: &generator)] = defects.randomElement(using: &generator)!
                }
                let expected = referenceDecode(text)
                let actual = try? Base64URL.decode(text)
                XCTAssertEqual(actual, expected, "length \(length): \(String(decoding: text, as: UTF8.self))")
            }
        }
    }

    /// The standard alphabet's padded decoder against the reference (padding dropped), on
    /// random texts of every length up to 160, with and without a defect.
    func testStandardDecodeAgreesWithTheReferenceAcrossLengthsAndDefects() {
        var generator = SystemRandomNumberGenerator()
        let defects: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "."), 0, 0x80, 0xFF]
        for length in 0..<160 {
            for trial in 0..<8 {
                var body = randomText(length, &generator, alphabet: StandardBase64.alphabet)
                if trial > 0, length > 0 {
                    body[Int.random(in: 0..<length, using: &generator)] = defects.randomElement(using: &generator)!
                }
                let text = body + [UInt8](repeating: UInt8(ascii: "="), count: (4 - length % 4) % 4)
                let decoded = StandardBase64.decode(text)
                XCTAssertEqual(decoded, referencePaddedDecode(text), "length \(length): \(String(decoding: text, as: UTF8.self))")
                // Canonical: what is accepted is exactly what the encoder writes.
                if let decoded { XCTAssertEqual(StandardBase64.encode(decoded), String(decoding: text, as: UTF8.self)) }
            }
        }
    }

    func testDecodeWritesNothingPastTheBufferItIsGiven() {
        var generator = SystemRandomNumberGenerator()
        let guardByte: UInt8 = 0xA5
        for byteCount in 10...80 {
            let bytes = (0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64URL.encode(bytes)
            let size = Base64URL.decodedLength(text.count)
            var memory = [UInt8](repeating: guardByte, count: size + 16)
            let written = text.withUnsafeBytes { input in
                memory.withUnsafeMutableBytes { Base64URL.decode(input, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<size])) }
            }
            XCTAssertEqual(written, size)
            XCTAssertEqual(Array(memory[0..<size]), bytes)
            XCTAssertTrue(memory[size...].allSatisfy { $0 == guardByte }, "\(byteCount) bytes: wrote past the buffer")
        }
    }
}
