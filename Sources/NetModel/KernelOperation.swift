import NetTypes

/// A device as an operation addresses it: by name, and by ifindex where the plan knows it (the
/// netlink backend then needs no lookup, so requests can go out in batches).
public struct LinkTarget: Sendable, Equatable {
    public var name: String
    public var index: Int?

    public init(_ name: String, index: Int? = nil) {
        self.name = name
        self.index = index
    }
}

/// One request to a kernel, as a plan sends it: the unit that is applied, batched, undone and
/// tied to the statement it came from.
public enum KernelOperation: Sendable, Equatable {
    case addNamespace(String)
    case deleteNamespace(String)
    case addLink(LinkSpec, NamespaceRef)
    case deleteLink(LinkTarget, NamespaceRef)
    /// `masterIndex`: the ifindex of a `.master` bridge, where the plan knows it.
    case setLink(LinkTarget, [LinkChange], masterIndex: Int?, NamespaceRef)
    case addAddress(IPPrefix, LinkTarget, NamespaceRef)
    case deleteAddress(IPPrefix, LinkTarget, NamespaceRef)
    case addRoute(RouteSpec, deviceIndex: Int?, replace: Bool, NamespaceRef)
    case deleteRoute(RouteSpec, deviceIndex: Int?, NamespaceRef)
    case setSysctl(String, String, NamespaceRef)

    /// The namespace whose socket carries the request; nil for namespace files.
    public var namespace: NamespaceRef? {
        switch self {
        case .addNamespace, .deleteNamespace: return nil
        case .addLink(_, let ns), .deleteLink(_, let ns), .setLink(_, _, _, let ns), .addAddress(_, _, let ns),
            .deleteAddress(_, _, let ns), .addRoute(_, _, _, let ns), .deleteRoute(_, _, let ns),
            .setSysctl(_, _, let ns):
            return ns
        }
    }
}

extension NetworkBackend {
    /// Performs one operation through the backend's commands.
    public func perform(_ operation: KernelOperation) throws(KernelError) {
        switch operation {
        case .addNamespace(let name): try addNamespace(name)
        case .deleteNamespace(let name): try deleteNamespace(name)
        case .addLink(let spec, let ns): try addLink(spec, in: ns)
        case .deleteLink(let link, let ns): try deleteLink(link.name, in: ns)
        case .setLink(let link, let changes, _, let ns): try setLink(link.name, changes, in: ns)
        case .addAddress(let prefix, let link, let ns): try addAddress(prefix, device: link.name, in: ns)
        case .deleteAddress(let prefix, let link, let ns): try deleteAddress(prefix, device: link.name, in: ns)
        case .addRoute(let spec, _, let replace, let ns): try addRoute(spec, replace: replace, in: ns)
        case .deleteRoute(let spec, _, let ns): try deleteRoute(spec, in: ns)
        case .setSysctl(let key, let value, let ns): try setSysctl(key, value, in: ns)
        }
    }

    /// Performs a batch in order, each operation whatever became of the ones before, as the
    /// kernel treats the messages of one send; the result holds each one's error, nil when done.
    public func performOneByOne(_ batch: [KernelOperation]) -> [KernelError?] {
        batch.map { operation -> KernelError? in
            do throws(KernelError) {
                try perform(operation)
                return nil
            } catch {
                return error
            }
        }
    }
}

extension SimulatedKernel {
    /// Performs a batch as the netlink backend would: an index given with a device must be that
    /// device's (a plan that names the wrong index fails here, as it would hit another device or
    /// none on the kernel).
    public func perform(batch: [KernelOperation]) -> [KernelError?] {
        batch.map { operation -> KernelError? in
            if let error = indexMismatch(operation) { return error }
            do throws(KernelError) {
                try perform(operation)
                return nil
            } catch {
                return error
            }
        }
    }

    func indexMismatch(_ operation: KernelOperation) -> KernelError? {
        let target: (LinkTarget, NamespaceRef)?
        switch operation {
        case .deleteLink(let link, let ns), .setLink(let link, _, _, let ns), .addAddress(_, let link, let ns),
            .deleteAddress(_, let link, let ns):
            target = (link, ns)
        case .addRoute(let spec, let index?, _, let ns), .deleteRoute(let spec, let index?, let ns):
            target = spec.device.map { (LinkTarget($0, index: index), ns) }
        default:
            target = nil
        }
        guard let (link, ref) = target, let index = link.index, let ns = try? resolve(ref) else { return nil }
        guard ns.byName[link.name] == index else {
            // diagnostic: internal (a plan naming a device by the wrong index: a bug in the planner)
            return KernelError(
                .ENODEV, "plan names \(link.name) as index \(index), it is \(ns.byName[link.name] ?? -1)")
        }
        return nil
    }
}
