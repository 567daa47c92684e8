/// Finds the line each key was written on. A light scan of the source, not a second parser: it
/// follows `[table]` and `[[array]]` headers and `key =` lines, and skips the inside of multi-line
/// strings and arrays. Paths are keys joined by `.`; the n-th `[[user]]` table is `user.#n`.
struct TOMLLocator {
    private(set) var lines: [String: Int] = [:]

    init(source: String) {
        var current: [String] = []
        var arrayCounts: [String: Int] = [:]
        var skipUntil: String?
        var bracketDepth = 0

        for (index, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingWhitespace()
            if let terminator = skipUntil {
                if line.contains(terminator) { skipUntil = nil }
                continue
            }
            if bracketDepth > 0 {
                bracketDepth += Self.bracketBalance(line)
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }

            if line.hasPrefix("[[") {
                let name = Self.headerName(line.dropFirst(2))
                let count = arrayCounts[name, default: 0]
                arrayCounts[name] = count + 1
                current = Self.keyParts(name) + ["#\(count)"]
                lines[current.joined(separator: "."), default: lineNumber] = lineNumber
                continue
            }
            if line.hasPrefix("[") {
                let name = Self.headerName(line.dropFirst())
                current = Self.keyParts(name)
                // `[form.fields]` after `[[form]]` belongs to the last `form` table written.
                if let array = current.first, let count = arrayCounts[array], current.count > 1 {
                    current.insert("#\(count - 1)", at: 1)
                }
                lines[current.joined(separator: "."), default: lineNumber] = lineNumber
                continue
            }
            guard let equals = Self.assignment(in: line) else { continue }
            let key = Self.keyParts(String(line[..<equals]))
            let path = (current + key).joined(separator: ".")
            lines[path, default: lineNumber] = lineNumber

            let value = line[line.index(after: equals)...].trimmingWhitespace()
            for quote in ["\"\"\"", "'''"] where value.hasPrefix(quote) {
                if !value.dropFirst(3).contains(quote) { skipUntil = quote }
            }
            if value.hasPrefix("[") { bracketDepth = Self.bracketBalance(value) }
        }
    }

    /// The line of `path`, or of the nearest enclosing table that was written down.
    func line(of path: [String]) -> Int {
        var path = path
        while !path.isEmpty {
            if let line = lines[path.joined(separator: ".")] { return line }
            path.removeLast()
        }
        return 0
    }

    private static func headerName(_ text: Substring) -> String {
        String(text.prefix { $0 != "]" }).trimmingWhitespace()
    }

    /// `a.b`, `"quoted key"`, `a."b.c"` into their parts.
    private static func keyParts(_ text: String) -> [String] {
        var parts: [String] = []
        var part = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { part.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(part.trimmingWhitespace())
                part = ""
            } else {
                part.append(character)
            }
        }
        parts.append(part.trimmingWhitespace())
        return parts
    }

    /// The `=` of a `key = value` line, outside any quoted key.
    private static func assignment(in line: String) -> String.Index? {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return index
            }
        }
        return nil
    }

    /// Opened minus closed brackets, ignoring those inside strings and comments.
    private static func bracketBalance(_ text: some StringProtocol) -> Int {
        var balance = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "[": balance += 1
            case "]": balance -= 1
            case "#": return balance
            default: break
            }
        }
        return balance
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
