/// Bytes from outside (a decoded cookie's payload, a reason) made safe to show on a terminal.
///
/// A forged cookie is attacker-chosen text: raw, its control characters could move the cursor,
/// rewrite the line above ("signature: verified"), retitle the window or recolour the screen,
/// and bidirectional formatting characters could reorder what the reader sees. So C0 controls,
/// DEL, C1 controls (U+0080 to U+009F, e.g. U+009B, the 8-bit CSI), the bidirectional marks,
/// embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
/// U+2069) and the line and paragraph separators (U+2028, U+2029) are written as `\uXXXX`, and
/// bytes that are not UTF-8 as `\xNN`. Inside a JSON string `\uXXXX` means the same character,
/// so an escaped payload still reads as the JSON it is; everything else passes unchanged.
func terminalSafe(_ bytes: [UInt8]) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(bytes.count)
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    // Where the parser's next scalar or error starts: it reads ahead, so count what it reports.
    var position = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded):
            let scalar = Unicode.UTF8.decode(encoded)
            if needsEscape(scalar) {
                out += Array("\\u".utf8) + hexDigits(UInt32(scalar.value), count: 4)
            } else {
                out += encoded
            }
            position += encoded.count
        case .error(let length):
            for byte in bytes[position..<(position + length)] {
                out += Array("\\x".utf8) + hexDigits(UInt32(byte), count: 2)
            }
            position += length
        case .emptyInput:
            return out
        }
    }
}

/// `terminalSafe` for text.
func terminalSafe(_ text: String) -> String {
    String(decoding: terminalSafe(Array(text.utf8)), as: UTF8.self)
}

private func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
    default: return false
    }
}

/// Two lowercase hex digits.
func hex2(_ byte: UInt8) -> String {
    String(decoding: hexDigits(UInt32(byte), count: 2), as: UTF8.self)
}

private func hexDigits(_ value: UInt32, count: Int) -> [UInt8] {
    let digits = Array("0123456789abcdef".utf8)
    return (0..<count).reversed().map { digits[Int((value >> (4 * UInt32($0))) & 0xF)] }
}
