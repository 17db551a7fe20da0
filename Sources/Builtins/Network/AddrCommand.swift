import Interpreter
import NetModel

extension NetworkCommands {
    /// `addr add|del CIDR dev NAME`, `addr flush dev NAME`, `addr show [dev NAME]`, as `ip addr`.
    var addr: Builtin { addressCommand("addr") }
    /// `address ...`: the long spelling that `ip address` also takes.
    var address: Builtin { addressCommand("address") }

    func addressCommand(_ name: String) -> Builtin {
        Builtin(name, usage: "\(name) add|del CIDR dev NAME | \(name) flush dev NAME | \(name) show [dev NAME]") {
            call in
            let args = ArgumentCursor(call)
            let verb = try args.word("add, del, flush or show")
            let ns = try self.context.currentNamespace(call)
            switch verb {
            case "add", "del", "delete":
                let prefix = try args.prefix("an address with its prefix length")
                let device = try self.deviceOption(args)
                try self.context.kernel(args.summary()) { () throws(KernelError) in
                    if verb == "add" {
                        try self.backend.addAddress(prefix, device: device, in: ns)
                    } else {
                        try self.backend.deleteAddress(prefix, device: device, in: ns)
                    }
                }
                return .none
            case "flush":
                let device = try self.deviceOption(args)
                try self.context.kernel(args.summary()) { () throws(KernelError) in
                    try self.backend.flushAddresses(device: device, in: ns)
                }
                return .none
            case "show", "list":
                let links = try self.linkStates(ns, args)
                if args.atEnd { return .list(links.flatMap(\.addresses).map { .prefix($0.prefix) }) }
                let device = try self.deviceOption(args)
                guard let link = links.first(where: { $0.name == device }) else {
                    throw CommandError(
                        "\(args.summary()): \(KernelError(.ENODEV, "Cannot find device \"\(device)\""))", code: "ENODEV"
                    )
                }
                return .list(link.addresses.map { .prefix($0.prefix) })
            default:
                throw args.error("unknown subcommand '\(verb)': use add, del, flush or show", at: 0)
            }
        }
    }

    /// `dev NAME` (the `dev` may be left out, as ip allows) and nothing after it.
    func deviceOption(_ args: ArgumentCursor) throws -> String {
        _ = args.accept("dev")
        let device = try args.name("a device name after 'dev'")
        try args.finish()
        return device
    }
}
