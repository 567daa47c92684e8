import Foundation
import GRDB
@testable import LeadexStore
import Testing

@Suite struct StoredTimeTests {
    @Test(arguments: [0, 1_795_413_600.123, 1_795_413_599.9999, -86_400.5, 951_782_400, 4_102_444_799.999])
    func matchesGRDBsOwnFormat(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredTime.text(date) == String.fromDatabaseValue(date.databaseValue))
    }

    @Test func readsBackThroughGRDB() throws {
        let date = Date(timeIntervalSince1970: 1_795_413_600.25)
        #expect(Date.fromDatabaseValue(StoredTime.text(date).databaseValue) == date)
    }
}

/// What no request may do: reach the formatter with a year it cannot write and stop the daemon.
@Suite struct StoredTimeExtremeTests {
    @Test(arguments: [
        -62_167_219_200.0,  // 0000-01-01, the year 0 a reminder once arrived with
        -1e15, 1e15, -Double.greatestFiniteMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan,
    ])
    func timesOutsideFourDigitYearsAreClampedNotTrapped(seconds: Double) {
        let text = StoredTime.text(Date(timeIntervalSince1970: seconds))
        #expect(text == "0001-01-01 00:00:00.000" || text == "9999-12-31 23:59:59.999", "\(seconds): \(text)")
    }

    @Test func theEdgesOfTheRangeAreWrittenExactly() {
        #expect(StoredTime.text(Date(timeIntervalSince1970: StoredTime.range.lowerBound)) == "0001-01-01 00:00:00.000")
        #expect(StoredTime.text(Date(timeIntervalSince1970: StoredTime.range.upperBound)) == "9999-12-31 23:59:59.999")
    }
}
