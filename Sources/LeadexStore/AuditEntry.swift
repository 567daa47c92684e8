public import Foundation
internal import GRDB

/// A line of the audit table: who exported, deleted or imported what, and when.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var at: Date
    public var actor: String
    public var action: String
    public var subject: String
    public var detail: String?
}

extension LeadexDatabase {
    /// The audit table, oldest first.
    public func auditTrail() throws -> [AuditEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, action, subject, detail FROM audit ORDER BY id").map {
                AuditEntry(at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"], detail: $0["detail"])
            }
        }
    }
}
