/// The HTTP date Flask's `" d"` tag holds: werkzeug's `http_date` and `parse_date`.
public enum HTTPDate {
    /// The names `http_date` writes, three letters each.
    private static let weekdayNames: StaticString = "MonTueWedThuFriSatSun"
    private static let monthNames: StaticString = "JanFebMarAprMayJunJulAugSepOctNovDec"
    static let weekdays = names(weekdayNames)
    static let months = names(monthNames)

    private static func names(_ run: StaticString) -> [String] {
        stride(from: 0, to: run.utf8CodeUnitCount, by: 3).map {
            String(decoding: UnsafeBufferPointer(start: run.utf8Start + $0, count: 3), as: UTF8.self)
        }
    }

    /// How ``parse(_:years:)`` reads a year below 100.
    public enum YearReading: Sendable {
        /// As Python's `email.utils` does when Flask loads a cookie: below 69 is 20xx, 69 to 99
        /// is 19xx, however many digits were written (`0005` is 2005).
        case python
        /// A year written with four digits is that very year (`0005` is year 5, which is what
        /// `http_date` writes for it); shorter years are read as ``python`` reads them. For
        /// dates a caller gives to be minted: the caller's date is kept as given.
        case fourDigitsAsWritten
    }

    /// Unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: Python `datetime`'s range.
    public static let minimum: Int64 = -62_135_596_800
    public static let maximum: Int64 = 253_402_300_799

    /// `http_date(dt)`: `Thu, 02 Jan 2020 03:04:05 GMT`. Nil outside years 1 to 9999.
    public static func format(_ seconds: Int64) -> String? {
        guard contains(seconds) else { return nil }
        return String(unsafeUninitializedCapacity: formattedLength) { buffer in
            write(seconds, into: buffer.baseAddress!)
            return formattedLength
        }
    }

    /// Whether `seconds` lies in years 1 to 9999, the dates ``format(_:)`` writes.
    static func contains(_ seconds: Int64) -> Bool { seconds >= minimum && seconds <= maximum }

    /// The length of every date ``format(_:)`` writes (the year has four digits).
    static let formattedLength = 29

    /// Writes the ``formattedLength`` bytes of ``format(_:)`` into `out`, for `seconds` that
    /// ``contains(_:)`` (the session encoder writes them straight into its output).
    static func write(_ seconds: Int64, into out: UnsafeMutablePointer<UInt8>) {
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        func name(_ names: StaticString, _ index: Int, at offset: Int) {
            (out + offset).initialize(from: names.utf8Start + 3 * index, count: 3)
        }
        func number(_ value: Int, width: Int, at offset: Int, then separator: UInt8) {
            var rest = value
            for k in stride(from: offset + width - 1, through: offset, by: -1) {
                out[k] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            out[offset + width] = separator
        }
        name(weekdayNames, weekday, at: 0)
        out[3] = UInt8(ascii: ",")
        out[4] = UInt8(ascii: " ")
        number(day, width: 2, at: 5, then: UInt8(ascii: " "))
        name(monthNames, month - 1, at: 8)
        out[11] = UInt8(ascii: " ")
        number(Int(year), width: 4, at: 12, then: UInt8(ascii: " "))
        number(secondOfDay / 3600, width: 2, at: 17, then: UInt8(ascii: ":"))
        number(secondOfDay / 60 % 60, width: 2, at: 20, then: UInt8(ascii: ":"))
        number(secondOfDay % 60, width: 2, at: 23, then: UInt8(ascii: " "))
        (out + 26).initialize(from: ("GMT" as StaticString).utf8Start, count: 3)
    }

    /// `parse_date`, for the forms an HTTP date takes: an optional weekday, `DD Mon YYYY
    /// HH:MM:SS` and a zone of `GMT`, `UT`, `UTC`, `Z` or `+HHMM`/`-HHMM`. Two-digit years (and,
    /// with `years: .python`, `0005` as Python reads it) follow `email.utils`: below 69 is 20xx,
    /// else 19xx.
    ///
    /// Nil when the text is not such a date. Python's parser also takes obsolete RFC 822 forms
    /// and returns `None` for garbage; Signet refuses both.
    public static func parse(_ text: String, years: YearReading = .python) -> Int64? {
        var fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = fields.first, first.hasSuffix(",") {
            guard weekdays.contains(String(first.dropLast())) else { return nil }
            fields.removeFirst()
        }
        guard fields.count == 5,
            let day = Int(fields[0]), (1...31).contains(day),
            let monthIndex = months.firstIndex(of: fields[1]),
            fields[2].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), fields[2].utf8.count <= 4,
            var year = Int(fields[2])
        else { return nil }
        if year < 100 && !(years == .fourDigitsAsWritten && fields[2].utf8.count == 4) {
            year += year > 68 ? 1900 : 2000
        }
        let clock = fields[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.utf8.count == 2 }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let offset: Int
        switch fields[4] {
        case "GMT", "UT", "UTC", "Z": offset = 0
        default:
            let zone = Array(fields[4].utf8)
            guard zone.count == 5, zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-"),
                let hours = Int(String(decoding: zone[1...2], as: UTF8.self)),
                let minutes = Int(String(decoding: zone[3...4], as: UTF8.self))
            else { return nil }
            offset = (zone[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        let month = monthIndex + 1
        guard day <= daysIn(month: month, year: year) else { return nil }
        let days = daysSinceEpoch(year: Int64(year), month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        guard seconds >= minimum, seconds <= maximum else { return nil }
        return seconds
    }

    /// The time `text` stands for when it is exactly what ``format(_:)`` writes for it (a real
    /// date of years 100 to 9999, with its own weekday), else nil. Such a `" d"` tag is
    /// canonical: written back unchanged, and read alike by both ``YearReading``s.
    static func canonicalSeconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard text.count == 29 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for k in at..<(at + count) {
                let d = text[k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        // The three letters at `at` as one number, compared with the names' runs read the
        // same way (no `String` per name).
        func word(_ bytes: UnsafePointer<UInt8>) -> UInt32 {
            UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16
        }
        let base = text.baseAddress!
        guard text[3] == UInt8(ascii: ","), text[4] == 0x20, text[7] == 0x20, text[11] == 0x20, text[16] == 0x20,
            text[19] == UInt8(ascii: ":"), text[22] == UInt8(ascii: ":"), text[25] == 0x20,
            word(base + 26) == word(UnsafePointer<UInt8>(StaticString("GMT").utf8Start)),
            let day = digits(5, 2), let year = digits(12, 4), let hour = digits(17, 2),
            let minute = digits(20, 2), let second = digits(23, 2),
            year >= 100, hour < 24, minute < 60, second < 60,
            let month = (0..<12).first(where: { word(base + 8) == word(monthNames.utf8Start + 3 &* $0) }).map({ $0 + 1 }),
            day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        let days = daysSinceEpoch(year: Int64(year), month: month, day: day)
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        guard word(base) == word(weekdayNames.utf8Start + 3 &* weekday) else { return nil }
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's `days_from_civil`.
    static func daysSinceEpoch(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
