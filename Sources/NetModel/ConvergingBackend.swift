import NetTypes

/// The simulated kernel as `dnsh plan` and `dnsh apply` run a script on it: seeded with the live
/// state, where a command whose effect already holds is a no-op instead of an error, so that a
/// script applied twice changes nothing the second time.
///
/// The rules (docs/apply.md):
/// - `netns add N` of an existing namespace and `netns del N` of a missing one do nothing.
/// - `link add NAME type KIND` where NAME exists with the same kind (and, for macvlan and vxlan,
///   the same parent, mode and settings) stands for that device: the MTU and MAC it gives are set,
///   and a veth's other end is put back where and as the command names it (which moves it out of
///   a namespace and flushes its addresses, as the script's own next steps will move it again).
///   Another kind under the name is the kernel's `File exists`.
/// - `link del` of a missing device, `addr add` of an address the device has, `addr del` of one
///   it lacks, `route add` of an identical route and `route del` of a missing one do nothing.
/// Everything else is the kernel's rule, errors included. It records what the script claims
/// (creates or adopts), for `apply --undo`.
public final class ConvergingBackend: NetworkBackend {
    public let kernel: SimulatedKernel
    /// The statement behind the current call, stamped on what it creates or changes.
    public var statement: () -> Int? = { nil }

    /// What the script creates or adopts: namespaces by name, devices by serial, addresses by
    /// device serial, routes by namespace id.
    var claimedNamespaces: [String] = []
    var claimedDevices: Set<Int> = []
    var claimedAddresses: [(serial: Int, prefix: IPPrefix)] = []
    var claimedRoutes: [(namespace: Int, spec: RouteSpec)] = []
    /// Finds a namespace the kernel was not seeded with (a container's, reached by PID or path)
    /// in the live state; it is added to the simulation and to `discovered`.
    public var discover: ((NamespaceRef) -> NetworkState.Namespace?)?
    public private(set) var discovered: [NetworkState.Namespace] = []
    /// The statements that added and deleted namespaces.
    public private(set) var namespaceTags: [String: Int] = [:]

    public init(_ kernel: SimulatedKernel) { self.kernel = kernel }

    func stamp() { kernel.currentTag = statement() }

    /// Makes sure a namespace reached by PID or path is in the simulation, if it is live.
    func ensure(_ refs: NamespaceRef?...) {
        for case let ref? in refs {
            switch ref {
            case .pid, .path: break
            default: continue
            }
            guard (try? kernel.resolve(ref)) == nil, let found = discover?(ref) else { continue }
            if (try? kernel.restoreNamespace(found)) != nil { discovered.append(found) }
        }
    }

    public func addNamespace(_ name: String) throws(KernelError) {
        stamp()
        claimedNamespaces.append(name)
        namespaceTags[name] = kernel.currentTag
        if kernel.named[name] != nil { return }
        try kernel.addNamespace(name)
    }

    public func deleteNamespace(_ name: String) throws(KernelError) {
        stamp()
        namespaceTags[name] = kernel.currentTag
        if kernel.named[name] == nil { return }
        try kernel.deleteNamespace(name)
    }

    public func addLink(_ spec: LinkSpec, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref, spec.peerNamespace)
        let ns = try kernel.resolve(ref)
        if let index = ns.byName[spec.name], let existing = ns.devices[index], try adopt(existing, spec, ns) {
            claim(SimulatedKernel.DeviceRef(namespace: ns.id, ifindex: existing.ifindex))
            return
        }
        try kernel.addLink(spec, in: ref)
        if let index = ns.byName[spec.name] { claim(SimulatedKernel.DeviceRef(namespace: ns.id, ifindex: index)) }
    }

    func claim(_ ref: SimulatedKernel.DeviceRef) {
        guard let device = kernel.device(ref) else { return }
        claimedDevices.insert(device.serial)
        if let peer = device.peer.flatMap({ kernel.device($0) }) { claimedDevices.insert(peer.serial) }
    }

    /// Whether the existing device stands for the one `spec` creates; if so, makes it so.
    func adopt(_ existing: SimulatedKernel.Device, _ spec: LinkSpec, _ ns: SimulatedKernel.Namespace)
        throws(KernelError) -> Bool
    {
        guard existing.kind == spec.kind else { return false }
        let deviceRef = SimulatedKernel.DeviceRef(namespace: ns.id, ifindex: existing.ifindex)
        switch spec.kind {
        case .macvlan:
            let parent = existing.parent.flatMap { kernel.device($0)?.name }
            guard parent == spec.parent, existing.macvlanMode == (spec.macvlanMode ?? "vepa") else { return false }
        case .vxlan:
            guard existing.vxlan == spec.vxlan else { return false }
        case .veth:
            guard existing.peer != nil else { return false }
            try resetPeer(of: deviceRef, spec, ns)
        default:
            break
        }
        var changes: [LinkChange] = []
        if let mtu = spec.mtu { changes.append(.mtu(mtu)) }
        if let mac = spec.address { changes.append(.address(mac)) }
        if !changes.isEmpty { try kernel.setLink(spec.name, changes, in: ref(ns)) }
        return true
    }

    func ref(_ ns: SimulatedKernel.Namespace) -> NamespaceRef { kernel.ref(ns) }

    /// Puts a veth's other end where and as `spec` names it, as a new pair would have it.
    func resetPeer(of ref: SimulatedKernel.DeviceRef, _ spec: LinkSpec, _ ns: SimulatedKernel.Namespace)
        throws(KernelError)
    {
        guard let peerRef = kernel.device(ref)?.peer, let peer = kernel.device(peerRef),
            let peerNS = kernel.namespaces[peerRef.namespace]
        else { return }
        let target = try spec.peerNamespace.map { r throws(KernelError) in try kernel.resolve(r) } ?? ns
        let name = spec.peerName ?? peer.name
        if target === peerNS {
            try kernel.setLink(peer.name, [.name(name)], in: self.ref(peerNS))
        } else {
            try kernel.setLink(peer.name, [.namespace(self.ref(target)), .name(name)], in: self.ref(peerNS))
        }
    }

    public func deleteLink(_ name: String, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        if try kernel.resolve(ref).byName[name] == nil { return }
        try kernel.deleteLink(name, in: ref)
    }

    /// A rename or move that has happened already (the device is missing here, and its new name
    /// is here, or its name is in the target namespace) applies the other settings there.
    public func setLink(_ name: String, _ changes: [LinkChange], in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        for case .namespace(let target) in changes { ensure(target) }
        let ns = try kernel.resolve(ref)
        guard ns.byName[name] == nil else { return try kernel.setLink(name, changes, in: ref) }
        let newName = changes.compactMap { if case .name(let n) = $0 { n } else { nil } }.last
        let target = changes.compactMap { if case .namespace(let t) = $0 { t } else { nil } }.last
        let rest = changes.filter {
            switch $0 {
            case .name, .namespace, .newIndex: return false
            default: return true
            }
        }
        let place = target ?? ref
        guard let moved = try? kernel.resolve(place),
            let now = moved.byName[newName ?? name].flatMap({ moved.devices[$0] })
        else {
            return try kernel.setLink(name, changes, in: ref)
        }
        if !rest.isEmpty { try kernel.setLink(now.name, rest, in: place) }
    }

    public func addAddress(_ prefix: IPPrefix, device: String, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        let ns = try kernel.resolve(ref)
        let existing = try kernel.device(device, in: ns)
        claimedAddresses.append((existing.serial, prefix))
        if existing.addresses.contains(where: { $0.prefix == prefix }) { return }
        try kernel.addAddress(prefix, device: device, in: ref)
    }

    public func deleteAddress(_ prefix: IPPrefix, device: String, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        let existing = try kernel.device(device, in: try kernel.resolve(ref))
        if !existing.addresses.contains(where: { kernel.matches($0.prefix, prefix) }) { return }
        try kernel.deleteAddress(prefix, device: device, in: ref)
    }

    public func flushAddresses(device: String, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        try kernel.flushAddresses(device: device, in: ref)
    }

    public func addRoute(_ spec: RouteSpec, replace: Bool, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        let ns = try kernel.resolve(ref)
        claimedRoutes.append((ns.id, spec))
        if !replace, let wanted = try? kernel.makeRoute(spec, ns),
            ns.routes.contains(where: {
                $0.family == wanted.family && $0.destination == wanted.destination && $0.gateway == wanted.gateway
                    && $0.device == wanted.device && $0.metric == wanted.metric && $0.proto != "kernel"
            })
        {
            return
        }
        try kernel.addRoute(spec, replace: replace, in: ref)
    }

    public func deleteRoute(_ spec: RouteSpec, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        do {
            try kernel.deleteRoute(spec, in: ref)
        } catch  where error.errno == .ESRCH {
            return
        }
    }

    public func setSysctl(_ key: String, _ value: String, in ref: NamespaceRef) throws(KernelError) {
        stamp()
        ensure(ref)
        try kernel.setSysctl(key, value, in: ref)
    }

    public func sysctl(_ key: String, in ref: NamespaceRef) throws(KernelError) -> String {
        ensure(ref)
        return try kernel.sysctl(key, in: ref)
    }

    /// Whether a cable's missing end is made (a dry run) or an error (a real host must have it).
    public var createsPhysicalDevices = true

    public func ensurePhysicalDevice(_ name: String) throws(KernelError) {
        stamp()
        let exists = kernel.namespaces[0]?.byName[name] != nil
        if !exists && !createsPhysicalDevices {
            throw KernelError(.ENODEV, "this host has no device \"\(name)\" for the cable")
        }
        try kernel.ensurePhysicalDevice(name)
    }

    public var simulation: SimulatedKernel? { kernel }

    public func namespaceNames() -> [String] { kernel.namespaceNames() }
    public func checkNamespace(_ ref: NamespaceRef) throws(KernelError) {
        ensure(ref)
        try kernel.checkNamespace(ref)
    }

    public func links(in ns: NamespaceRef) throws(KernelError) -> [LinkState] {
        ensure(ns)
        return try kernel.links(in: ns)
    }

    public func routes(in ns: NamespaceRef) throws(KernelError) -> [RouteState] {
        ensure(ns)
        return try kernel.routes(in: ns)
    }
    public func snapshot() -> NetworkState { kernel.snapshot() }
}
