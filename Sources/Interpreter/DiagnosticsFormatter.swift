import Lexer

/// Renders diagnostics, the one place that does: `FILE:LINE:COL: error: MESSAGE`, the source
/// line, and a caret under the span; ANSI colour only when asked (on a terminal).
public struct DiagnosticsFormatter {
    /// Source lines longer than this are shown as a window around the caret.
    static let maxShownLine = 160

    public var colored: Bool

    public init(colored: Bool = false) {
        self.colored = colored
    }

    public func format(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(format).joined()
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        var out = header(diagnostic)
        out += snippet(diagnostic.range)
        for note in diagnostic.notes { out += format(note) }
        return out
    }

    func header(_ d: Diagnostic) -> String {
        let severity = d.severity.rawValue + ":"
        guard colored else { return "\(d.range.label): \(severity) \(d.message)\n" }
        let color = d.severity == .error ? "\u{1B}[1;31m" : d.severity == .warning ? "\u{1B}[1;35m" : "\u{1B}[1;36m"
        return "\u{1B}[1m\(d.range.label):\u{1B}[0m \(color)\(severity)\u{1B}[0m \u{1B}[1m\(d.message)\u{1B}[0m\n"
    }

    /// The source line with a caret and tildes under the range (its first line only).
    func snippet(_ range: SourceRange) -> String {
        let line = Array(range.file.lineText(range.start.line).utf8)
        guard !line.isEmpty || range.start.column == 1 else { return "" }
        let startColumn = min(range.start.column - 1, line.count)
        let endColumn = range.end.line == range.start.line ? min(range.end.column - 1, line.count) : line.count
        let width = max(1, endColumn - startColumn)
        let windowStart = max(0, min(startColumn - 40, line.count - DiagnosticsFormatter.maxShownLine))
        let windowEnd = min(line.count, windowStart + DiagnosticsFormatter.maxShownLine)
        let shown = printable(line[windowStart..<windowEnd])
        let pad = String(repeating: " ", count: printable(line[windowStart..<startColumn]).count)
        let visible = max(1, min(width, windowEnd - startColumn))
        let underline = "^" + String(repeating: "~", count: visible - 1)
        let caret = colored ? "\u{1B}[1;32m\(underline)\u{1B}[0m" : underline
        return "    \(shown)\n    \(pad)\(caret)\n"
    }

    /// Tabs become spaces and control bytes `?`, so the caret lines up and the terminal is safe.
    func printable(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(
            text.unicodeScalars.map { c -> Character in
                c == "\t"
                    ? " " : (c.value < 0x20 || c.value == 0x7f || (0x80..<0xa0).contains(c.value)) ? "?" : Character(c)
            })
    }
}
