import Interpreter
import NetModel

extension NetworkCommands {
    /// `bridge NAME`: `link add NAME type bridge`.
    var bridge: Builtin {
        Builtin("bridge", usage: "bridge NAME", arity: 1...1) { call in
            let args = ArgumentCursor(call)
            let name = try args.name("a bridge name")
            let ns = try self.context.currentNamespace(call)
            try self.context.kernel(args.summary()) { () throws(KernelError) in
                try self.backend.addLink(LinkSpec(name: name, kind: .bridge), in: ns)
            }
            return NetworkCommands.linkHandle(name, ns)
        }
    }

    /// `veth NAME peer PEER [netns NS]`: `link add NAME type veth peer name PEER [netns NS]`.
    var veth: Builtin {
        Builtin("veth", usage: "veth NAME peer PEER [netns NS]", arity: 3...5) { call in
            let args = ArgumentCursor(call)
            var spec = LinkSpec(name: try args.name("a device name"), kind: .veth)
            guard args.accept("peer") else { throw args.error("expected 'peer PEER'") }
            spec.peerName = try args.name("the peer's name")
            if args.accept("netns") {
                spec.peerNamespace = try self.context.namespaceRef(
                    try args.next("a namespace"), argument: args.index - 1, command: call.name)
            }
            try args.finish()
            let ns = try self.context.currentNamespace(call)
            try self.context.kernel(args.summary(words: 1)) { () throws(KernelError) in
                try self.backend.addLink(spec, in: ns)
            }
            return NetworkCommands.linkHandle(spec.name, ns)
        }
    }
}
