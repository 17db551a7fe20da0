import Interpreter

/// `split STRING [SEPARATOR]`: the pieces between separators (runs of whitespace by default).
var splitBuiltin: Builtin {
    Builtin("split", usage: "split STRING [SEPARATOR]", arity: 1...2) { call in
        let text = try call.string(0)
        guard call.arguments.count > 1 else {
            return .list(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
        }
        let separator = try call.string(1)
        guard !separator.isEmpty else { throw CommandError("split: the separator is empty", argument: 1) }
        return .list(text.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) })
    }
}
