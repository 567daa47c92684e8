/// Sums in roubles as people write them, for the mails, the web and leadexctl alike.
public enum MoneyText {
    /// "150 000 ₽", "150 000,50 ₽" (English: "150,000.50 ₽"): kopecks only when there are any.
    public static func written(_ kopecks: Int64, _ language: TextLanguage) -> String {
        let ru = language == .ru
        let magnitude = kopecks.magnitude
        var digits = String(magnitude / 100)
        var grouped = ""
        while digits.count > 3 {
            grouped = (ru ? " " : ",") + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = (kopecks < 0 ? "-" : "") + digits + grouped
        let fraction = magnitude % 100
        if fraction != 0 { grouped += (ru ? "," : ".") + (fraction < 10 ? "0" : "") + "\(fraction)" }
        return grouped + " ₽"
    }
}
