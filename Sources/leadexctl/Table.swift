import Foundation
import Glibc
import LeadexControlAPI

/// A plain-text table: a header row, columns padded to their widest cell by display width (so
/// Cyrillic, CJK and emoji line up), two spaces between; cut with "…" to fit the terminal.
struct Table {
    var header: [String]
    var rows: [[String]] = []
    /// The width to fit in: the terminal's, else `$COLUMNS`; `nil` (never cut) for a pipe or a
    /// file, where grep should find the whole text.
    var limit: Int? = Table.terminalWidth()

    init(_ header: String...) { self.header = header }

    /// Cells are one line each and never act on the terminal, whatever mail or a form put in them.
    mutating func add(_ cells: String...) { rows.append(cells.map { TerminalText.safe($0) }) }

    var text: String {
        let all = [header] + rows
        var widths = header.indices.map { column in all.map { $0.indices.contains(column) ? DisplayWidth.of($0[column]) : 0 }.max() ?? 0 }
        if let limit {
            // The widest column gives way first, down to a few characters each, so that an id or
            // a time stays whole and a 10,000-character note becomes its start and "…".
            let gaps = 2 * max(0, widths.count - 1)
            while widths.reduce(0, +) + gaps > limit, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
                widths[widest] = max(8, widths[widest] - (widths.reduce(0, +) + gaps - limit))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                let fitted = DisplayWidth.cut(cell, to: widths[index])
                return index == row.count - 1 ? fitted : fitted + String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(fitted)))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func terminalWidth() -> Int? {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 20, columns < 100_000 { return columns }
        return nil
    }
}

/// How many terminal columns text takes: CJK and emoji take two, combining marks and joiners none.
enum DisplayWidth {
    static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.contains(where: { wide($0) }) { return 2 }
        if scalars.allSatisfy({ zero($0) }) { return 0 }
        return 1
    }

    /// `text` cut to `width` columns, ending in "…" when something was cut.
    static func cut(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let next = of(character)
            guard used + next <= width - 1 else { break }
            kept.append(character)
            used += next
        }
        return kept + "…"
    }

    private static func zero(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B
        }
    }

    private static func wide(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isEmojiPresentation { return true }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
