import Lexer

/// A small JSON writer: dnsh's machine-readable output is built from these values.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSON])
    /// Keys keep their order, so the output is stable and diffable.
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.rendered() == rhs.rendered() }

    /// Compact when `indent` is nil, otherwise pretty-printed.
    public func rendered(indent: Int? = 2, level: Int = 0) -> String {
        let pad = indent.map { String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let closePad = indent.map { String(repeating: " ", count: $0 * level) } ?? ""
        let newline = indent == nil ? "" : "\n"
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return JSON.quote(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            let body = items.map { pad + $0.rendered(indent: indent, level: level + 1) }
            return "[" + newline + body.joined(separator: "," + newline) + newline + closePad + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            let separator = indent == nil ? ":" : ": "
            let body = pairs.map {
                pad + JSON.quote($0.0) + separator + $0.1.rendered(indent: indent, level: level + 1)
            }
            return "{" + newline + body.joined(separator: "," + newline) + newline + closePad + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A diagnostic as `{"file", "line", "column", "severity", "message", "notes"}`.
    public static func diagnostic(_ d: Diagnostic) -> JSON {
        .object([
            ("file", .string(d.range.file.path)), ("line", .int(d.range.start.line)),
            ("column", .int(d.range.start.column)), ("end_line", .int(d.range.end.line)),
            ("end_column", .int(d.range.end.column)), ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message)), ("code", d.code.map(JSON.string) ?? .null),
            ("notes", .array(d.notes.map(diagnostic))),
        ])
    }
}
