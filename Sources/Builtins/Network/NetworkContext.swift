import Interpreter
import NetModel

/// A physical cable between two hosts' devices (`cable HOST DEV HOST DEV`).
public struct Cable: Sendable, Equatable {
    public var ends: [(host: String?, device: String)]

    public static func == (a: Cable, b: Cable) -> Bool {
        a.ends.map { "\($0.host ?? "")/\($0.device)" } == b.ends.map { "\($0.host ?? "")/\($0.device)" }
    }
}

/// What the network commands share: the backend they drive (the default host's, or the one of
/// the `host NAME { }` block they run in), the other hosts, the cables between them, and the
/// containers it knows.
public final class NetworkContext {
    /// The host commands outside any `host` block act on.
    public let defaultBackend: NetworkBackend
    /// Makes the backend of a host named in `host NAME { }` or `cable` (in dry runs, a fresh
    /// simulated kernel each).
    public var makeHost: (String) -> NetworkBackend = { _ in SimulatedKernel() }
    public private(set) var hosts: [(name: String, backend: NetworkBackend)] = []
    public private(set) var cables: [Cable] = []
    /// `--trace`: every `reach` prints its hops, as `reach ... trace` does.
    public var traceReach = false
    /// The host of the `host` block being run, nil outside any.
    public private(set) var currentHost: String?

    /// The backend the commands drive now.
    public var backend: NetworkBackend { currentHost.map(host) ?? defaultBackend }
    /// Containers by name, for `container NAME`: their init process's PID.
    public var containers: [String: Int] = [:]
    /// Finds a container's PID when it is not in `containers` (Docker, on a real host).
    public var lookupContainer: ((String) throws -> Int)?

    public init(backend: NetworkBackend) {
        self.defaultBackend = backend
    }

    /// A host's backend, made on first use.
    public func host(_ name: String) -> NetworkBackend {
        if let found = hosts.first(where: { $0.name == name }) { return found.backend }
        let made = makeHost(name)
        hosts.append((name, made))
        return made
    }

    /// The backend of a host by name; nil (or "") is the default host.
    func backend(ofHost name: String?) -> NetworkBackend {
        guard let name, !name.isEmpty else { return defaultBackend }
        return host(name)
    }

    func addCable(_ cable: Cable) { cables.append(cable) }

    /// A host's name from a value: a word or string that is a valid identifier.
    func hostName(_ value: Value, command: String) throws -> String {
        guard case .string(let name) = value, Parser.isIdentifier(name) else {
            throw CommandError(
                "\(command): a host is named by a word (letters, digits, _), not \(value.literalDescription)")
        }
        return name
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

    /// Installs the namespace check that `in NS { }` runs before its block, and the host switch
    /// of `host NAME { }`.
    public func install(into interpreter: Interpreter) {
        interpreter.enterHost = { [unowned self] value in
            let name = try self.hostName(value, command: "host")
            let previous = self.currentHost
            _ = self.host(name)
            self.currentHost = name
            return { [unowned self] in self.currentHost = previous }
        }
        interpreter.enterNamespace = { [unowned self] value in
            let ref = try self.namespaceRef(value, argument: nil)
            try self.kernel("in \(ref)") { () throws(KernelError) in try self.backend.checkNamespace(ref) }
            return NetworkContext.handle(ref)
        }
    }
}
