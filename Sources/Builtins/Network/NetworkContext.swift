import Interpreter
import NetModel

/// What the network commands share: the backend they drive and the containers it knows.
public final class NetworkContext {
    public let backend: NetworkBackend
    /// Containers by name, for `container NAME`: their init process's PID.
    public var containers: [String: Int] = [:]
    /// Finds a container's PID when it is not in `containers` (Docker, on a real host).
    public var lookupContainer: ((String) throws -> Int)?

    public init(backend: NetworkBackend) {
        self.backend = backend
    }

    /// The namespace a command acts in: the one `in NS { }` selected, or the initial one.
    func currentNamespace(_ call: Invocation) throws -> NamespaceRef {
        guard let value = call.namespace else { return .initial }
        return try namespaceRef(value, argument: nil)
    }

    /// A namespace named by a value: a handle from `netns add|pid|path` or `container`, or a name.
    func namespaceRef(_ value: Value, argument: Int?, command: String? = nil) throws -> NamespaceRef {
        switch value {
        case .handle(let h) where h.kind == "netns":
            if let pid = h.payload["pid"].flatMap(Int.init) { return .pid(pid) }
            if let path = h.payload["path"] { return .path(path) }
            if h.payload["initial"] != nil { return .initial }
            return .named(h.name)
        case .string(let name): return .named(name)
        default:
            let prefix = command.map { "\($0): " } ?? "in: "
            throw CommandError(
                "\(prefix)expected a namespace (a name or a netns handle), got \(value.typeName)", argument: argument)
        }
    }

    /// The handle a script gets for a namespace.
    static func handle(_ ref: NamespaceRef) -> Value {
        switch ref {
        case .initial: return .handle(Handle(kind: "netns", name: "initial", payload: ["initial": "1"]))
        case .named(let name): return .handle(Handle(kind: "netns", name: name))
        case .pid(let pid): return .handle(Handle(kind: "netns", name: "pid:\(pid)", payload: ["pid": String(pid)]))
        case .path(let path): return .handle(Handle(kind: "netns", name: path, payload: ["path": path]))
        }
    }

    /// Runs a kernel operation, turning its error into the command's located error:
    /// `link add A1: File exists (EEXIST)`.
    func kernel<T>(_ summary: @autoclosure () -> String, _ operation: () throws(KernelError) -> T) throws -> T {
        do {
            return try operation()
        } catch {
            throw CommandError("\(summary()): \(error)", code: error.errno.name)
        }
    }

    /// Installs the namespace check that `in NS { }` runs before its block.
    public func install(into interpreter: Interpreter) {
        interpreter.enterNamespace = { [unowned self] value in
            let ref = try self.namespaceRef(value, argument: nil)
            try self.kernel("in \(ref)") { () throws(KernelError) in try self.backend.checkNamespace(ref) }
            return NetworkContext.handle(ref)
        }
    }
}
