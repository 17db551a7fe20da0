import NetTypes

/// Starting the simulated kernel from a snapshot of a real host (`dnsh state --json`), so a dry
/// run meets the same devices, names, indexes, addresses and routes as production.
extension SimulatedKernel {
    /// Replaces everything with `state`. Namespaces named `pid:N` become containers reached by
    /// `netns pid N`; the first namespace without a name is the initial one.
    public func restore(_ state: NetworkState) throws(KernelError) {
        namespaces = [:]
        named = [:]
        pids = [:]
        nextNamespaceID = 1
        var byName: [String?: Namespace] = [:]
        for snapshot in state.namespaces {
            let ns = namespaceFor(snapshot.name)
            byName[snapshot.name] = ns
            fill(ns, from: snapshot)
        }
        if namespaces[0] == nil { namespaces[0] = Namespace(id: 0, name: nil) }
        for snapshot in state.namespaces {
            guard let ns = byName[snapshot.name] else { continue }
            try connect(snapshot, ns, byName)
            try restoreRoutes(snapshot, ns)
        }
    }

    /// A namespace's sysctls and devices from a snapshot, each device remembering where it was.
    func fill(_ ns: Namespace, from snapshot: NetworkState.Namespace) {
        ns.sysctls.merge(snapshot.sysctls) { _, new in new }
        for link in snapshot.links {
            var device = device(from: link)
            device.origin = LinkOrigin(namespace: snapshot.name, ifindex: link.ifindex)
            insert(device, into: ns)
        }
        ns.lastIndex = ns.devices.keys.max() ?? 0
    }

    /// A namespace's routes, once its devices exist.
    func restoreRoutes(_ snapshot: NetworkState.Namespace, _ ns: Namespace) throws(KernelError) {
        var routes: [Route] = []
        for r in snapshot.routes { routes.append(try route(from: r, ns)) }
        ns.routes = routes
    }

    func namespaceFor(_ name: String?) -> Namespace {
        guard let name else {
            let ns = Namespace(id: 0, name: nil)
            namespaces[0] = ns
            return ns
        }
        let pid = name.hasPrefix("pid:") ? Int(name.dropFirst(4)) : nil
        let ns = Namespace(id: nextNamespaceID, name: pid == nil ? name : nil, pid: pid)
        nextNamespaceID += 1
        namespaces[ns.id] = ns
        if let pid { pids[pid] = ns.id } else { named[name] = ns.id }
        return ns
    }

    func device(from link: LinkState) -> Device {
        var device = Device(ifindex: link.ifindex, name: link.name, kind: link.kind, mtu: link.mtu, mac: link.address)
        device.adminUp = link.isUp
        device.addresses = link.addresses
        device.macSetByUser = link.addressAssignment == "set"
        device.macvlanMode = link.macvlanMode
        device.vxlan = link.vxlan
        // A bridge reported UNKNOWN never had ports; any other state means it had.
        device.hadPorts = link.kind == .bridge && link.operstate != "UNKNOWN"
        return device
    }

    /// Masters, veth peers and macvlan parents, by name, once every device exists.
    func connect(_ snapshot: NetworkState.Namespace, _ ns: Namespace, _ all: [String?: Namespace]) throws(KernelError) {
        for link in snapshot.links {
            guard let index = ns.byName[link.name] else { continue }
            let ref = DeviceRef(namespace: ns.id, ifindex: index)
            if link.kind == .vxlan { update(ref) { $0.vxlanHome = ns.id } }
            if let master = link.master, let bridge = ns.byName[master] {
                update(ref) { $0.master = bridge }
                update(DeviceRef(namespace: ns.id, ifindex: bridge)) {
                    $0.ports.insert(index)
                    $0.hadPorts = true
                }
            }
            if let peer = link.peer, let peerNS = all[peer.namespace], let peerIndex = peerNS.byName[peer.name] {
                update(ref) { $0.peer = DeviceRef(namespace: peerNS.id, ifindex: peerIndex) }
            }
            if let parent = link.parent, let parentIndex = ns.byName[parent] {
                let parentRef = DeviceRef(namespace: ns.id, ifindex: parentIndex)
                update(ref) { $0.parent = parentRef }
                update(parentRef) { $0.children.insert(ref) }
            }
        }
    }

    func route(from r: RouteState, _ ns: Namespace) throws(KernelError) -> Route {
        guard let device = ns.byName[r.device] else {
            throw KernelError(.ENODEV, "the snapshot has a route through \"\(r.device)\", which it does not list")
        }
        return Route(
            destination: r.destination, family: r.family, gateway: r.gateway, device: device, metric: r.metric,
            proto: r.proto, scope: r.scope, preferredSource: r.preferredSource)
    }
}

extension SimulatedKernel {
    /// Adds one namespace from a snapshot to a kernel that is already running (a container's
    /// namespace met during a plan): its devices, routes, bridges and parents, and veth peers
    /// in both directions. Named `pid:N` for a process's namespace.
    public func restoreNamespace(_ snapshot: NetworkState.Namespace) throws(KernelError) {
        guard let name = snapshot.name else { return }
        if let pid = name.hasPrefix("pid:") ? Int(name.dropFirst(4)) : nil, pids[pid] != nil { return }
        if named[name] != nil { return }
        let ns = namespaceFor(name)
        fill(ns, from: snapshot)
        var all: [String?: Namespace] = [:]
        for other in namespaces.values { all[displayName(other)] = other }
        try connect(snapshot, ns, all)
        for link in snapshot.links {
            guard let peer = link.peer, let index = ns.byName[link.name], let peerNS = all[peer.namespace],
                let peerIndex = peerNS.byName[peer.name]
            else { continue }
            update(DeviceRef(namespace: peerNS.id, ifindex: peerIndex)) {
                $0.peer = DeviceRef(namespace: ns.id, ifindex: index)
            }
        }
        try restoreRoutes(snapshot, ns)
    }
}
