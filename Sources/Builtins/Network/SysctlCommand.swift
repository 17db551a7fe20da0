import Interpreter
import NetModel

extension NetworkCommands {
    /// `sysctl KEY VALUE` sets a forwarding switch of the current namespace; `sysctl KEY` reads
    /// it. Both return the value. dnsh knows net.ipv4.ip_forward and
    /// net.ipv6.conf.all.forwarding. (sysctl(8)'s `-w KEY=VALUE` would read as an expression and
    /// a named argument here.)
    var sysctl: Builtin {
        Builtin("sysctl", usage: "sysctl KEY [VALUE]", arity: 1...2) { call in
            let args = ArgumentCursor(call)
            let key = try args.word("a sysctl such as net.ipv4.ip_forward")
            let value = args.atEnd ? nil : try args.next("a value").description
            try args.finish()
            let ns = try self.context.currentNamespace(call)
            return .string(
                try self.context.kernel(args.summary()) { () throws(KernelError) in
                    if let value {
                        try self.backend.setSysctl(key, value, in: ns)
                        return value
                    }
                    return try self.backend.sysctl(key, in: ns)
                })
        }
    }
}
