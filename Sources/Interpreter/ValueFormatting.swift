extension Value: CustomStringConvertible {
    /// How `print` and interpolation show a value: strings bare, everything else as its literal.
    public var description: String {
        switch self {
        case .string(let s): return s
        default: return literalDescription
        }
    }

    /// The value as it would be written in a script (strings quoted), used inside lists and maps.
    public var literalDescription: String {
        switch self {
        case .none: return "none"
        case .int(let i): return String(i)
        case .string(let s): return quoted(s)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(\.literalDescription).joined(separator: ", ") + "]"
        case .map(let m):
            let pairs = m.keys.map { "\($0.literalDescription): \(m[$0]?.literalDescription ?? "none")" }
            return "{" + pairs.joined(separator: ", ") + "}"
        case .address(let a): return a.description
        case .prefix(let p): return p.description
        case .mac(let m): return m.description
        case .range(let r): return r.description
        case .handle(let h): return h.name
        }
    }

    private func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "$": out += "\\$"
            case "\0": out += "\\0"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 || ch.value == 0x7f {
                    out += "\\x" + String(ch.value, radix: 16)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }
}
