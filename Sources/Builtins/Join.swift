import Interpreter

/// `join LIST [SEPARATOR]`: the items as text, separated by SEPARATOR (a space by default).
var joinBuiltin: Builtin {
    Builtin("join", usage: "join LIST [SEPARATOR]", arity: 1...2) { call in
        guard case .list(let items) = call.arguments[0] else {
            throw CommandError("join: expected a list, got \(call.arguments[0].typeName)", argument: 0)
        }
        let separator = call.arguments.count > 1 ? try call.string(1) : " "
        try call.interpreter.charge(size: items.count, call.range)
        let text = items.map(\.description).joined(separator: separator)
        guard text.utf8.count <= Interpreter.maxStringLength else {
            throw CommandError("join: string longer than the limit of \(Interpreter.maxStringLength) bytes")
        }
        return .string(text)
    }
}
