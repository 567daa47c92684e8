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
