internal import Foundation

/// The report's charts, drawn here as inline SVG: no script, no library, nothing fetched, so
/// the Content-Security-Policy stays as strict as it is. Every text is escaped; sizes are a
/// `viewBox` the page scales to its width, laid out to stay readable on a 360 px phone.
enum ReportCharts {
    struct Bar {
        var label: String
        var value: Double
        /// The value as people read it ("12", "1 ч 5 мин").
        var text: String
    }

    /// One bar per row, its label above it and its value after it: the funnel, the reasons.
    static func bars(_ bars: [Bar], title: String, id: String) -> String {
        guard !bars.isEmpty else { return "" }
        let width = 320.0
        let row = 36.0
        let top = max(bars.map(\.value).max() ?? 0, 0)
        var svg = open(id: id, title: title, width: width, height: row * Double(bars.count) + 4)
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * row
            let length = top > 0 && bar.value.isFinite ? max(0, bar.value / top) * (width - 60) : 0
            svg += "<text x=\"0\" y=\(quote(y + 12)) class=\"chart-label\">\(escape(bar.label))</text>"
            svg += "<rect x=\"0\" y=\(quote(y + 17)) width=\(quote(max(length, 1))) height=\"14\" rx=\"3\" class=\"chart-bar\"/>"
            svg += "<text x=\(quote(max(length, 1) + 6)) y=\(quote(y + 29)) class=\"chart-value\">\(escape(bar.text))</text>"
        }
        return svg + "</svg>"
    }

    /// One column per day, its value above it and the day below: the median time to take.
    static func columns(_ bars: [Bar], title: String, id: String) -> String {
        guard !bars.isEmpty else { return "" }
        let (width, height, bottom) = (320.0, 170.0, 30.0)
        let top = max(bars.map(\.value).max() ?? 0, 0)
        let slot = width / Double(bars.count)
        // A label every few columns once the days crowd: the rest are in the table below.
        let every = max(1, Int((Double(bars.count) * 44 / width).rounded(.up)))
        var svg = open(id: id, title: title, width: width, height: height)
        for (index, bar) in bars.enumerated() {
            let x = Double(index) * slot
            let length = top > 0 && bar.value.isFinite ? max(0, bar.value / top) * (height - bottom - 22) : 0
            let y = height - bottom - max(length, 1)
            svg += "<rect x=\(quote(x + slot * 0.15)) y=\(quote(y)) width=\(quote(slot * 0.7)) height=\(quote(max(length, 1))) rx=\"2\" class=\"chart-bar\">"
            svg += "<title>\(escape(bar.label)): \(escape(bar.text))</title></rect>"
            if index % every == 0 {
                svg += "<text x=\(quote(x + slot / 2)) y=\(quote(height - bottom + 16)) text-anchor=\"middle\" class=\"chart-label\">\(escape(bar.label))</text>"
                if bars.count <= 14 {
                    svg += "<text x=\(quote(x + slot / 2)) y=\(quote(y - 5)) text-anchor=\"middle\" class=\"chart-value\">\(escape(bar.text))</text>"
                }
            }
        }
        return svg + "</svg>"
    }

    private static func open(id: String, title: String, width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\(quote(id)) viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\(quote(title))><title>\(escape(title))</title>"
    }

    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return String(format: "%.1f", value)
    }

    private static func quote(_ value: Double) -> String { "\"\(number(value))\"" }
    private static func quote(_ text: String) -> String { "\"\(escape(text))\"" }

    /// Text and attribute values as XML wants them.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
