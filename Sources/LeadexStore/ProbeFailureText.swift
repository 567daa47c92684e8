public import Foundation
public import LeadexCore

extension ProbeStatus {
    /// Why this probe makes its form failing, as admins read it: what happened and what to check,
    /// in `language`, with the technical detail apart (a refused submission's, an unreadable
    /// field's); `nil` while pending or when it arrived. `place` names where the probe was to come
    /// back ("mailbox:sales" → "Почта sales"); by default its configured name.
    public func failure(_ language: TextLanguage, place: (LeadSource) -> String = { $0.name }) -> IntakeProblem.Explained? {
        let ru = language == .ru
        let deadline = DurationText.spoken(deadlineAt.timeIntervalSince(sentAt), language)
        let accepted = detail.flatMap { $0.hasPrefix("HTTP ") ? " (\($0))" : nil } ?? ""
        let mailbox: String? = expectedIn.hasPrefix("mailbox:") ? String(expectedIn.dropFirst(8)) : nil
        let into =
            mailbox.map { name in (ru ? "в ящик «" : "in the mailbox '") + place(LeadSource(kind: .mail, name: name)) + (ru ? "»" : "'") }
            ?? (ru ? "в ленту формы" : "in the form's feed")
        switch state {
        case .pending, .arrived:
            return nil
        case .missed:
            let check =
                mailbox == nil
                ? (ru ? "сайт теряет заявки: проверьте обработчик формы на сайте" : "the site is dropping submissions: check the site's form handler")
                : (ru ? "сайт не отправляет письма с заявками: проверьте почтовые настройки сайта" : "the site is not mailing its requests: check the site's mail settings")
            return .init(
                summary: ru
                    ? "сайт принял проверочную заявку\(accepted), но она не пришла \(into) за \(deadline) — \(check)"
                    : "the site accepted the probe\(accepted) but it never came back \(into) within \(deadline) — \(check)",
                detail: nil)
        case .late:
            let took = arrivedAt.map { DurationText.spoken($0.timeIntervalSince(sentAt), language) } ?? "?"
            return .init(
                summary: ru
                    ? "проверочная заявка пришла \(into) с опозданием: через \(took) при сроке \(deadline) — заявки доходят медленно, проверьте, как часто сайт их выгружает или отправляет"
                    : "the probe came back \(into) late: after \(took), the deadline being \(deadline) — requests arrive slowly; check how often the site exports or sends them",
                detail: nil)
        case .unreadable:
            return .init(
                summary: ru
                    ? "проверочная заявка пришла, но Leadex не может прочитать её поля — на сайте, вероятно, переименовали поле: сверьте поля [[form]] с формой"
                    : "the probe came back but Leadex cannot read its fields — the site probably renamed a field: compare the [[form]] fields with the form",
                detail: detail)
        case .submitFailed:
            return Self.refused(detail ?? "", language)
        }
    }

    /// A submission of the probe the site refused, from the error's description as stored.
    public static func refused(_ stored: String, _ language: TextLanguage) -> IntakeProblem.Explained {
        let problem = IntakeProblem(stored: stored).explained(language)
        return .init(
            summary: (language == .ru ? "сайт не принял проверочную заявку: " : "the site refused the probe: ") + problem.summary,
            detail: problem.detail)
    }
}
