import Interpreter
import NetModel
import NetTypes

extension NetworkCommands {
    /// `route add|del|replace DST [via GW] [dev NAME] [metric N]`, `route show`, as `ip route`.
    var route: Builtin {
        Builtin("route", usage: "route add|del|replace default|PREFIX [via GW] [dev NAME] [metric N] | route show") {
            call in
            let args = ArgumentCursor(call)
            let verb = try args.word("add, del, replace or show")
            let ns = try self.context.currentNamespace(call)
            switch verb {
            case "add", "replace", "del", "delete":
                let spec = try self.routeSpec(args)
                try self.context.kernel(args.summary()) { () throws(KernelError) in
                    switch verb {
                    case "add": try self.backend.addRoute(spec, replace: false, in: ns)
                    case "replace": try self.backend.addRoute(spec, replace: true, in: ns)
                    default: try self.backend.deleteRoute(spec, in: ns)
                    }
                }
                return .none
            case "show", "list":
                try args.finish()
                let routes = try self.context.kernel(args.summary()) { () throws(KernelError) in
                    try self.backend.routes(in: ns)
                }
                return .list(routes.map(LinkInfo.value))
            default:
                throw args.error("unknown subcommand '\(verb)': use add, del, replace or show", at: 0)
            }
        }
    }

    func routeSpec(_ args: ArgumentCursor) throws -> RouteSpec {
        let destination = args.accept("default") ? nil : try args.prefix("a destination (default or a prefix)")
        var gateway: IPAddress?
        var device: String?
        var metric: Int?
        var gatewayArgument = 0
        while !args.atEnd {
            let position = args.index
            let word = try args.word("a route option")
            switch word {
            case "via":
                gateway = try args.address("a gateway address")
                gatewayArgument = args.index - 1
            case "dev": device = try args.name("a device name")
            case "metric", "priority", "preference":
                metric = try args.int("a metric")
                if metric ?? 0 < 0 { throw args.error("a metric must not be negative", at: args.index - 1) }
            default:
                throw args.error("unknown route option '\(word)': use via, dev or metric", at: position)
            }
        }
        if let destination, let gateway, destination.address.family != gateway.family {
            throw args.error("the gateway \(gateway) is not of the destination's family", at: gatewayArgument)
        }
        return RouteSpec(destination: destination, gateway: gateway, device: device, metric: metric)
    }
}
