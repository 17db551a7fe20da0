import Foundation
import Interpreter
import NetTypes

/// `int VALUE`: an int from a decimal or 0x-hex string, a bool, or an IPv4 address.
var intBuiltin: Builtin {
    Builtin("int", usage: "int STRING|BOOL|IPV4", arity: 1...1) { call in
        switch call.arguments[0] {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .address(.v4(let a)): return .int(Int(a.value))
        case .string(let s):
            let text = s.trimmingCharacters(in: .whitespaces)
            let value = text.hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text)
            guard let value else { throw CommandError("int: '\(s)' is not a number", argument: 0) }
            return .int(value)
        case let other: throw CommandError("int: cannot convert \(other.typeName) to int", argument: 0)
        }
    }
}
