import Interpreter

/// `len VALUE`: the length of a string (in characters), list, map or range.
var lenBuiltin: Builtin {
    Builtin("len", usage: "len STRING|LIST|MAP|RANGE", arity: 1...1) { call in
        switch call.arguments[0] {
        case .string(let s): return .int(s.count)
        case .list(let items): return .int(items.count)
        case .map(let m): return .int(m.count)
        case .range(let r):
            guard let count = r.count else { throw CommandError("len: the range \(r) is too large", argument: 0) }
            return .int(count)
        case let other: throw CommandError("len: a value of type \(other.typeName) has no length", argument: 0)
        }
    }
}
