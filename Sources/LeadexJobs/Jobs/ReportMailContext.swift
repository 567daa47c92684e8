internal import Foundation
internal import LeadexCore
internal import LeadexStore

extension JobEnvironment {
    /// The weekly report's template data (``SalesReport/templateValues(_:)``). The HTML and text
    /// templates render the same keys, so both carry the same sections.
    func reportContext(_ report: SalesReport) -> [String: Any] { report.templateValues(wording) }
}
