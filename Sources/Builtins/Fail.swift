import Interpreter

/// `fail MESSAGE...`: stops the script with a runtime error carrying the message.
var failBuiltin: Builtin {
    Builtin("fail", usage: "fail MESSAGE...", arity: 1...Int.max) { call in
        throw CommandError(call.arguments.map(\.description).joined(separator: " "))
    }
}
