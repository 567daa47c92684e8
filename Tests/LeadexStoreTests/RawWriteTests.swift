import Foundation
import GRDB
@testable import LeadexStore
import LeadexTesting
import Testing

/// The C-API path for intake's hottest inserts binds exactly what GRDB would.
@Suite struct RawWriteTests {
    @Test func bindsTextNullsIntegersAndBlobsAsGRDBWould() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT, c INTEGER, d INTEGER, e BLOB, f BLOB) STRICT")
            try db.cachedRawWrite(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)") {
                $0.add("Заявка с сайта")
                $0.add("")
                $0.add(nil as Int64?)
                $0.add(true)
                $0.add(blob: [0, 1, 255])
                $0.add(blob: nil)
            }
            let row = try #require(try Row.fetchOne(db, sql: "SELECT a, b, typeof(b) AS tb, c, d, e, f FROM t"))
            #expect(row["a"] as String == "Заявка с сайта")
            #expect(row["b"] as String == "" && row["tb"] as String == "text", "an empty string is not NULL")
            #expect(row["c"] as Int64? == nil)
            #expect(row["d"] as Int64 == 1)
            #expect(row["e"] as Data == Data([0, 1, 255]))
            #expect(row["f"] as Data? == nil)
        }
    }

    @Test func aRefusedRowThrowsTheConstraintAndLeavesTheStatementReusable() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (email TEXT NOT NULL CHECK (email LIKE '%_@_%'))")
            let insert = { (email: String) in try db.cachedRawWrite(sql: "INSERT INTO t VALUES (?)") { $0.add(email) } }
            #expect {
                try insert("no-at-sign")
            } throws: { error in
                (error as? DatabaseError)?.extendedResultCode == .SQLITE_CONSTRAINT_CHECK
            }
            try insert("client@firm.ru")
            #expect(try String.fetchAll(db, sql: "SELECT email FROM t") == ["client@firm.ru"])
        }
    }
}
