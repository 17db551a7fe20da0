import Interpreter

/// `str VALUE`: the value as `print` shows it.
var strBuiltin: Builtin {
    Builtin("str", usage: "str VALUE", arity: 1...1) { call in
        .string(call.arguments[0].description)
    }
}
