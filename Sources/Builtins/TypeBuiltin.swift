import Interpreter

/// `type VALUE`: the name of the value's type (`int`, `ipv4`, `prefix`, ...).
var typeBuiltin: Builtin {
    Builtin("type", usage: "type VALUE", arity: 1...1) { call in
        .string(call.arguments[0].typeName)
    }
}
