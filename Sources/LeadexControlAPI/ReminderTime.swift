public import Foundation

/// When a reminder is due, as people type it: an ISO date-time (`2026-12-01T10:00`,
/// `2026-12-01 10:00`, with or without a zone), a day with a time (`tomorrow 10:00`,
/// `today 15:30`, `завтра 10:00`), or an offset from now (`+2 months`, `+3d`, `+1 week`,
/// `+90m`, `+3 часа`, `через 2 часа`), a weekday (`в понедельник 10:00`, `monday 10:00`: the
/// next one), or a time alone (`10:00`: today, or tomorrow once it has passed). Wall times are
/// in `calendar`'s time zone.
public enum ReminderTime {
    /// What people may type, for the message that says a phrase could not be read.
    public static let examples = [
        "2026-12-01T10:00", "\"завтра в 10:00\"", "\"в понедельник 10:00\"", "10:00", "\"+3 часа\"", "\"через 2 часа\"", "\"+1 неделя\"",
        "\"+2 месяца\"", "\"tomorrow 10:00\"", "\"+3d\"",
    ]

    public static func parse(_ text: String, now: Date, calendar: Calendar = .current) -> Date? {
        let input = text.trimmingCharacters(in: .whitespaces).lowercased()
        if input.hasPrefix("+") { return offset(String(input.dropFirst()), now: now, calendar: calendar) }
        for prefix in ["через ", "in "] where input.hasPrefix(prefix) {
            let rest = input.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            // "через час", "in a week": one of the unit.
            let counted = rest.first?.isNumber == true ? rest : "1 " + (rest.hasPrefix("a ") ? String(rest.dropFirst(2)) : rest)
            return offset(counted, now: now, calendar: calendar)
        }
        // "в", "во", "at" between the words read as nothing: "завтра в 10:00", "во вторник".
        let parts = input.split(separator: " ", omittingEmptySubsequences: true).map(String.init).filter { !["в", "во", "at", "on"].contains($0) }
        if parts.count == 1, let (hour, minute) = clock(parts[0]), parts[0].contains(":") {
            guard let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: now) else { return nil }
            return today > now ? today : calendar.date(byAdding: .day, value: 1, to: today)
        }
        if let first = parts.first, let days = ["today": 0, "сегодня": 0, "tomorrow": 1, "завтра": 1, "послезавтра": 2][first] {
            guard parts.count <= 2 else { return nil }
            let (hour, minute) = parts.count == 2 ? (clock(parts[1]) ?? (-1, -1)) : (10, 0)
            guard hour >= 0, let day = calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: now)) else { return nil }
            return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day)
        }
        if let first = parts.first, let weekday = weekdays[first] {
            guard parts.count <= 2 else { return nil }
            let (hour, minute) = parts.count == 2 ? (clock(parts[1]) ?? (-1, -1)) : (10, 0)
            guard hour >= 0 else { return nil }
            // The nearest such day whose time is still ahead: today's when it has not passed.
            return calendar.nextDate(after: now, matching: DateComponents(hour: hour, minute: minute, second: 0, weekday: weekday), matchingPolicy: .nextTime)
        }
        return iso(input, calendar: calendar)
    }

    /// Calendar weekday numbers (1 is Sunday) by the names people type.
    private static let weekdays: [String: Int] = [
        "воскресенье": 1, "понедельник": 2, "вторник": 3, "среду": 4, "среда": 4, "четверг": 5, "пятницу": 6, "пятница": 6, "субботу": 7,
        "суббота": 7, "пн": 2, "вт": 3, "ср": 4, "чт": 5, "пт": 6, "сб": 7, "вс": 1, "sunday": 1, "monday": 2, "tuesday": 3,
        "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
    ]

    private static let century: TimeInterval = 100 * 366 * 86_400

    private static func clock(_ text: String) -> (Int, Int)? {
        let pieces = text.split(separator: ":")
        guard (1...2).contains(pieces.count), let hour = Int(pieces[0]), (0...23).contains(hour) else { return nil }
        let minute = pieces.count == 2 ? Int(pieces[1]) : 0
        guard let minute, (0...59).contains(minute) else { return nil }
        return (hour, minute)
    }

    private static func offset(_ text: String, now: Date, calendar: Calendar) -> Date? {
        let digits = text.prefix { $0.isNumber }
        guard let count = Int(digits), count > 0 else { return nil }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let units: [(names: [String], component: Calendar.Component, factor: Int, seconds: Double)] = [
            (["m", "min", "mins", "minute", "minutes", "мин", "минута", "минуту", "минуты", "минут"], .minute, 1, 60),
            (["h", "hour", "hours", "ч", "час", "часа", "часов"], .hour, 1, 3600),
            (["d", "day", "days", "д", "дн", "день", "дня", "дней"], .day, 1, 86_400),
            (["w", "week", "weeks", "нед", "неделя", "неделю", "недели", "недель"], .day, 7, 86_400),
            (["mo", "month", "months", "мес", "месяц", "месяца", "месяцев"], .month, 1, 31 * 86_400),
            (["y", "year", "years", "г", "год", "года", "лет"], .year, 1, 366 * 86_400),
        ]
        guard let match = units.first(where: { $0.names.contains(unit) }) else { return nil }
        // "+999999d", "+99999999999999999w": the calendar is never asked for more than a
        // century, where its arithmetic (and ours) could overflow; the daemon refuses what is
        // that far ahead, saying why.
        let (value, overflow) = count.multipliedReportingOverflow(by: match.factor)
        if overflow || Double(value) * match.seconds > Self.century { return now.addingTimeInterval(Self.century) }
        return calendar.date(byAdding: match.component, value: value, to: now)
    }

    private static func iso(_ text: String, calendar: Calendar) -> Date? {
        let normalized = text.uppercased().replacingOccurrences(of: " ", with: "T")
        let withZone = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            withZone.formatOptions = options
            if let date = withZone.date(from: normalized) { return date }
        }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = calendar.timeZone
        local.calendar = calendar
        // A zone without seconds (`2026-12-20T15:00+03:00`, `15:00Z`) is what people type; the
        // internet format above insists on seconds.
        for format in ["yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd'T'HH:mmXX"] {
            local.dateFormat = format
            if let date = local.date(from: normalized) { return date }
        }
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let date = local.date(from: normalized) {
                return format == "yyyy-MM-dd" ? calendar.date(bySettingHour: 10, minute: 0, second: 0, of: date) : date
            }
        }
        return nil
    }
}
