internal import Foundation
public import LeadexControlAPI
public import LeadexCore
public import LeadexStore

/// The whole base as an export hands it out: the control API's `GET /v1/export` and the web
/// workspace's download build their rows here, so the two files are the same.
public enum ExportDocument {
    /// `exported` as export rows, with titles in `language` (the owner's name, the source).
    public static func rows(_ exported: [ExportedLead], policy: ExchangePolicy, language: TextLanguage, zone: ZoneRules) -> [ExportRow] {
        let mapping = WireMapping(pipeline: policy.pipeline, wording: Wording(language: language, zone: zone, policy: policy))
        return exported.map { ExportRow(lead: mapping.summary($0.lead), contact: mapping.contact($0.contact)) }
    }

    /// The rows as the control API's JSON (ISO 8601 dates, snake_case keys).
    public static func json(_ rows: [ExportRow]) throws -> [UInt8] { Array(try Wire.encoder().encode(rows)) }
}
