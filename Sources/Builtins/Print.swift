import Interpreter

/// `print VALUE...`: writes the values separated by spaces, then a newline.
var printBuiltin: Builtin {
    Builtin("print", usage: "print VALUE...") { call in
        call.output(call.arguments.map(\.description).joined(separator: " "))
        return .none
    }
}
