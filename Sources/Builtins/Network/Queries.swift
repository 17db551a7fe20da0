import Interpreter
import NetModel

extension NetworkCommands {
    /// `exists link NAME`, `exists netns NAME`, `exists addr CIDR dev NAME`, `exists route DST`:
    /// true or false, for idempotent scripts (`if not exists link docker0 { ... }`).
    var exists: Builtin {
        Builtin(
            "exists", usage: "exists link NAME | exists netns NAME | exists addr CIDR dev NAME | exists route DST",
            arity: 2...4
        ) {
            call in
            let args = ArgumentCursor(call)
            let what = try args.word("link, netns, addr or route")
            let ns = try self.context.currentNamespace(call)
            switch what {
            case "link":
                let name = try args.name("a device name")
                try args.finish()
                return .bool(try self.linkStates(ns, args).contains { $0.name == name })
            case "netns":
                let ref = try self.context.namespaceRef(
                    try args.next("a namespace"), argument: 1, command: args.call.name)
                try args.finish()
                do {
                    try self.backend.checkNamespace(ref)
                    return .bool(true)
                } catch {
                    return .bool(false)
                }
            case "addr", "address":
                let prefix = try args.prefix("an address")
                let device = try self.deviceOption(args)
                let link = try self.linkStates(ns, args).first { $0.name == device }
                return .bool(link?.addresses.contains { $0.prefix == prefix } ?? false)
            case "route":
                let destination = args.accept("default") ? nil : try args.prefix("a destination")
                try args.finish()
                let routes = try self.context.kernel(args.summary()) { () throws(KernelError) in
                    try self.backend.routes(in: ns)
                }
                return .bool(routes.contains { $0.destination == destination })
            default:
                throw args.error("cannot ask whether a '\(what)' exists: use link, netns, addr or route", at: 0)
            }
        }
    }

    /// `links`: the names of the links in the current namespace.
    var links: Builtin {
        Builtin("links", usage: "links", arity: 0...0) { call in
            let ns = try self.context.currentNamespace(call)
            return .list(try self.linkStates(ns, ArgumentCursor(call)).map { .string($0.name) })
        }
    }

    /// `routes`: the routes of the current namespace, each a map (dst, gateway, dev, metric, ...).
    var routes: Builtin {
        Builtin("routes", usage: "routes", arity: 0...0) { call in
            let ns = try self.context.currentNamespace(call)
            let routes = try self.context.kernel("routes") { () throws(KernelError) in try self.backend.routes(in: ns) }
            return .list(routes.map(LinkInfo.value))
        }
    }
}
