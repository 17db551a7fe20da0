import Interpreter
import NetModel

/// The network commands, with the shape and meaning of ip(8), over a backend.
public final class NetworkCommands {
    let context: NetworkContext
    var backend: NetworkBackend { context.backend }

    public init(context: NetworkContext) {
        self.context = context
    }

    public var all: [Builtin] {
        [netns, container, link, addr, address, route, bridge, veth, exists, links, routes, sysctl, cable, reach]
    }

    /// Registers the commands and the namespace check of `in NS { }`.
    public func install(into registry: CommandRegistry) {
        for builtin in all { registry.register(builtin) }
    }
}
