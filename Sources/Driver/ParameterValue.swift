import Interpreter
import Lexer

/// Turns the text of `--param NAME=VALUE` into a value: a literal the language knows (an int,
/// an address, a prefix, a MAC, `true`/`false`) becomes that value; anything else is a string.
enum ParameterValue {
    static func parse(_ text: String) -> Value {
        let file = SourceFile(path: "--param", text: text)
        if text.hasPrefix("-"), let negative = Int(text) { return .int(negative) }
        let (tokens, diagnostics) = Scanner.scan(file)
        guard diagnostics.isEmpty, tokens.count == 2, tokens[1].kind == .eof else { return .string(text) }
        switch tokens[0].kind {
        case .int(let i): return .int(i)
        case .address(let a): return .address(a)
        case .prefix(let p): return .prefix(p)
        case .mac(let m): return .mac(m)
        case .word("true"): return .bool(true)
        case .word("false"): return .bool(false)
        default: return .string(text)
        }
    }
}
