/// The language of what people read: mails, the report, `leadexctl` output. LeadexConfig's
/// `Language` maps onto it; the domain formats text without knowing about config files.
public enum TextLanguage: String, Sendable, Hashable, CaseIterable {
    case ru, en
}
