import Interpreter
import NetModel

extension NetworkCommands {
    /// `netns add|del|list|pid|path|exists`, as `ip netns` (plus `pid` and `path` to refer to
    /// namespaces that exist already, such as a container's).
    var netns: Builtin {
        Builtin("netns", usage: "netns add|del NAME | netns list | netns pid PID | netns path PATH", arity: 1...2) {
            call in
            let args = ArgumentCursor(call)
            let verb = try args.word("add, del, list, pid or path")
            switch verb {
            case "add":
                let name = try args.name("a namespace name")
                try args.finish()
                try self.context.kernel(args.summary()) { () throws(KernelError) in try self.backend.addNamespace(name)
                }
                return NetworkContext.handle(.named(name))
            case "del", "delete":
                let name = try args.name("a namespace name")
                try args.finish()
                try self.context.kernel(args.summary()) { () throws(KernelError) in
                    try self.backend.deleteNamespace(name)
                }
                return .none
            case "list", "show":
                try args.finish()
                return .list(self.backend.namespaceNames().map(Value.string))
            case "pid": return try self.existing(.pid(try args.int("a process ID")), args)
            case "path": return try self.existing(.path(try args.path("a path")), args)
            default:
                throw args.error("unknown subcommand '\(verb)': use add, del, list, pid or path", at: 0)
            }
        }
    }

    func existing(_ ref: NamespaceRef, _ args: ArgumentCursor) throws -> Value {
        try args.finish()
        try context.kernel(args.summary()) { () throws(KernelError) in try backend.checkNamespace(ref) }
        return NetworkContext.handle(ref)
    }

    /// `container NAME`: the network namespace of a running container, by its init PID.
    var container: Builtin {
        Builtin("container", usage: "container NAME", arity: 1...1) { call in
            let args = ArgumentCursor(call)
            let name = try args.name("a container name")
            if let pid = self.context.containers[name] { return try self.existing(.pid(pid), args) }
            guard let lookup = self.context.lookupContainer else {
                throw CommandError(
                    "container \(name): no such container (declare simulated ones with --container NAME[=PID])",
                    code: "ENOENT", argument: 0)
            }
            do {
                return try self.existing(.pid(try lookup(name)), args)
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError("container \(name): \(error)", code: "ENOENT", argument: 0)
            }
        }
    }
}
