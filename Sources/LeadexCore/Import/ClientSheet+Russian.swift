extension ClientSheet.Rejection {
    /// Why the line is not imported, in Russian: `reason` is the English of the CLI and the journal.
    public var russian: String {
        switch cause {
        case .notAPhone(let value): "«\(value)» — не номер телефона, а почты нет"
        case .notAnEmail(let value): "«\(value)» — не адрес почты, а телефона нет"
        case .nobodyToReach: "нет ни телефона, ни почты: некому позвонить или написать"
        case .controlCharacter(let field, let codePoint): "в поле «\(field.russianTitle)» управляющий символ \(codePoint): уберите его"
        }
    }

    /// The reason in `language`.
    public func reason(_ language: TextLanguage) -> String { language == .ru ? russian : reason }
}

extension ClientSheet.Problem {
    /// Why the file cannot be imported, in Russian.
    public var russian: String {
        switch cause {
        case .empty: "файл пуст"
        case .noContactColumns(let found):
            "нет столбца телефонов или адресов почты: первая строка должна называть столбцы (Телефон, Email, ФИО, …), а в ней "
                + found.map { "«\($0)»" }.joined(separator: ", ")
        case .unterminatedQuote(let line): "строка \(line): открытая в ней кавычка нигде не закрыта, и весь остаток файла стал бы одной ячейкой"
        }
    }

    /// The problem in `language`.
    public func text(_ language: TextLanguage) -> String { language == .ru ? russian : description }
}

extension ClientSheet.Field {
    /// The column's name as a Russian sheet heads it.
    public var russianTitle: String {
        switch self {
        case .name: "Имя"
        case .phone: "Телефон"
        case .email: "Email"
        case .company: "Компания"
        case .note: "Комментарий"
        }
    }
}
