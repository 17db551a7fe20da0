import Interpreter
import NetTypes

/// `address TEXT`: parses an IPv4 or IPv6 address (for text built at run time).
var addressBuiltin: Builtin {
    Builtin("address", usage: "address TEXT", arity: 1...1) { call in
        if case .address = call.arguments[0] { return call.arguments[0] }
        let text = try call.string(0)
        guard let address = IPAddress(text) else {
            throw CommandError("address: invalid address '\(text)'", argument: 0)
        }
        return .address(address)
    }
}

/// `prefix TEXT`: parses a prefix such as `10.3.16.0/20`.
var prefixBuiltin: Builtin {
    Builtin("prefix", usage: "prefix TEXT", arity: 1...1) { call in
        if case .prefix = call.arguments[0] { return call.arguments[0] }
        let text = try call.string(0)
        guard let prefix = IPPrefix(text) else { throw CommandError("prefix: invalid prefix '\(text)'", argument: 0) }
        return .prefix(prefix)
    }
}

/// `mac TEXT`: parses a MAC address such as `02:42:0a:03:10:0b`.
var macBuiltin: Builtin {
    Builtin("mac", usage: "mac TEXT", arity: 1...1) { call in
        if case .mac = call.arguments[0] { return call.arguments[0] }
        let text = try call.string(0)
        guard let mac = MACAddress(text) else { throw CommandError("mac: invalid MAC address '\(text)'", argument: 0) }
        return .mac(mac)
    }
}
