import XCTest
@testable import Signet

final class HTTPDateTests: XCTestCase {
    func testFormatsLikeWerkzeug() throws {
        let vectors = try FlaskVectors.load()
        XCTAssertGreaterThan(vectors.http_dates.count, 200)
        for vector in vectors.http_dates {
            XCTAssertEqual(HTTPDate.format(vector.seconds), vector.text, "\(vector.seconds)")
        }
    }

    func testParsesLikeWerkzeug() throws {
        for vector in try FlaskVectors.load().parsed_dates {
            XCTAssertEqual(HTTPDate.parse(vector.text), vector.seconds, vector.text)
        }
    }

    func testRoundTripsEveryFormattedDate() throws {
        for vector in try FlaskVectors.load().http_dates where vector.seconds >= 3_155_760_000 - 62_135_596_800 {
            // Years below 100 are read back as 19xx/20xx, as Python does; others round-trip.
            XCTAssertEqual(HTTPDate.parse(vector.text), vector.seconds, vector.text)
        }
    }

    func testRefusesWhatIsNotAnHTTPDate() {
        for text in ["", "garbage", "Thu, 32 Jan 2020 03:04:05 GMT", "Thu, 30 Feb 2020 03:04:05 GMT",
                     "Thu, 02 Jan 2020 24:00:00 GMT", "Thu, 02 Jan 2020 03:04 GMT", "Thu, 02 Foo 2020 03:04:05 GMT",
                     "Xyz, 02 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 2020 03:04:05 +01", "Thu, 02 Jan 12020 03:04:05 GMT"] {
            XCTAssertNil(HTTPDate.parse(text), text)
        }
        XCTAssertNil(HTTPDate.format(HTTPDate.maximum + 1))
        XCTAssertNil(HTTPDate.format(HTTPDate.minimum - 1))
    }
}
