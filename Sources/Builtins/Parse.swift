import Interpreter
import NetTypes

/// `parse KIND TEXT`: a value of KIND (`address`, `prefix`, `mac`, `int`) read from text built
/// at run time, such as `parse address "10.3.16.$i"`.
var parseBuiltin: Builtin {
    Builtin("parse", usage: "parse address|prefix|mac|int TEXT", arity: 2...2) { call in
        let kind = try call.string(0)
        let text = call.arguments[1].description
        let value: Value?
        switch kind {
        case "address": value = IPAddress(text).map(Value.address)
        case "prefix": value = IPPrefix(text).map(Value.prefix)
        case "mac": value = MACAddress(text).map(Value.mac)
        case "int": value = Int(text).map(Value.int)
        default:
            throw CommandError("parse: unknown kind '\(kind)': use address, prefix, mac or int", argument: 0)
        }
        guard let value else { throw CommandError("parse: '\(text)' is not a valid \(kind)", argument: 1) }
        return value
    }
}
