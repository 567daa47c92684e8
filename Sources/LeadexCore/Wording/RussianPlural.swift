/// The Russian noun form after a number: 1 контакт, 2 контакта, 5 контактов, 21 контакт,
/// 11–14 контактов.
public enum RussianPlural {
    /// `count` followed by the right one of `one` (1, 21), `few` (2–4, 22–24) and `many` (the rest).
    public static func count(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        "\(count) " + form(count, one, few, many)
    }

    public static func form(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        let last2 = abs(count % 100)
        let last = last2 % 10
        if (11...14).contains(last2) { return many }
        if last == 1 { return one }
        if (2...4).contains(last) { return few }
        return many
    }
}
