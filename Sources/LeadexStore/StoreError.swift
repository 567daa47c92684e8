/// A failure of the store itself, as opposed to a rule refusing an action.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case corruptRow(table: String, id: Int64?)
        case cannotCreateDirectory(path: String, reason: String)
    }

    private let code: Code

    static func corruptRow(table: String, id: Int64?) -> Self { Self(code: .corruptRow(table: table, id: id)) }
    static func cannotCreateDirectory(path: String, reason: String) -> Self {
        Self(code: .cannotCreateDirectory(path: path, reason: reason))
    }

    public var description: String {
        switch code {
        case .corruptRow(let table, let id):
            "row \(id.map(String.init) ?? "?") of table '\(table)' breaks the schema's invariants"
        case .cannotCreateDirectory(let path, let reason):
            "cannot create database directory \(path): \(reason)"
        }
    }
}
