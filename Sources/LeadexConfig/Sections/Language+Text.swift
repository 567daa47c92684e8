public import LeadexCore

extension Language {
    /// The domain's name for this language, for ``Wording`` and the text formatters.
    public var text: TextLanguage { self == .ru ? .ru : .en }
}
