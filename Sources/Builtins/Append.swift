import Interpreter

/// `append LIST VALUE...`: a new list with the values added at the end.
var appendBuiltin: Builtin {
    Builtin("append", usage: "append LIST VALUE...", arity: 1...Int.max) { call in
        guard case .list(let items) = call.arguments[0] else {
            throw CommandError("append: expected a list, got \(call.arguments[0].typeName)", argument: 0)
        }
        guard items.count + call.arguments.count - 1 <= Interpreter.maxListLength else {
            throw CommandError("append: list longer than the limit of \(Interpreter.maxListLength) items")
        }
        try call.interpreter.charge(size: items.count + call.arguments.count, call.range)
        return .list(items + call.arguments.dropFirst())
    }
}
