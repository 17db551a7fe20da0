import NetTypes

/// Carrier, operstate and flags as the kernel derives them, and snapshots in the state format.
extension SimulatedKernel {
    /// Whether the device has carrier: a veth when both ends are up, a bridge when one of its
    /// ports is up with carrier, a macvlan when its parent is, loopback and vxlan always.
    func hasCarrier(_ ref: DeviceRef) -> Bool {
        guard let device = device(ref) else { return false }
        switch device.kind {
        case .veth:
            guard let peer = device.peer.flatMap({ self.device($0) }) else { return false }
            return peer.adminUp
        case .bridge:
            // A new device starts with carrier; a bridge loses it once ports decide it.
            guard device.hadPorts else { return true }
            return device.ports.contains { port in
                let portRef = DeviceRef(namespace: ref.namespace, ifindex: port)
                return (self.device(portRef)?.adminUp ?? false) && hasCarrier(portRef)
            }
        case .macvlan:
            guard let parent = device.parent, let parentDevice = self.device(parent) else { return false }
            return parentDevice.adminUp && hasCarrier(parent)
        default:
            return true
        }
    }

    /// `set` when a command chose the MAC (or a passthru macvlan copied a set one), else `random`.
    func addressAssignment(_ d: Device) -> String {
        if d.kind == .loopback { return d.macSetByUser ? "set" : "permanent" }
        if d.macSetByUser { return "set" }
        if d.kind == .macvlan, d.macvlanMode == "passthru", let parent = d.parent.flatMap({ device($0) }) {
            return parent.macSetByUser ? "set" : "random"
        }
        return "random"
    }

    func operstate(_ ref: DeviceRef) -> String {
        guard let device = device(ref), device.adminUp else { return "DOWN" }
        if device.kind == .loopback || device.kind == .vxlan || (device.kind == .bridge && !device.hadPorts) {
            return "UNKNOWN"
        }
        if hasCarrier(ref) { return "UP" }
        // Without carrier the kernel says LOWERLAYERDOWN when the device has a lower device
        // (a veth's peer, a macvlan's parent) whose ifindex differs from its own, else DOWN: a
        // veth whose peer in another namespace has the same ifindex reports DOWN.
        let lower = device.kind == .veth ? device.peer : device.kind == .macvlan ? device.parent : nil
        return lower.map { $0.ifindex != device.ifindex } ?? false ? "LOWERLAYERDOWN" : "DOWN"
    }

    func flags(_ ref: DeviceRef) -> [String] {
        guard let device = device(ref) else { return [] }
        var flags = device.kind == .loopback ? ["LOOPBACK"] : ["BROADCAST", "MULTICAST"]
        if device.adminUp {
            if !hasCarrier(ref) { flags.insert("NO-CARRIER", at: 0) }
            flags.append("UP")
            if hasCarrier(ref) { flags.append("LOWER_UP") }
        }
        return flags
    }

    func linkState(_ ref: DeviceRef) -> LinkState? {
        guard let ns = namespaces[ref.namespace], let d = device(ref) else { return nil }
        // The peer's namespace by name, nil for the initial one.
        let peer = d.peer.flatMap { peerRef -> (String, String?)? in
            guard let p = device(peerRef), let peerNS = namespaces[peerRef.namespace] else { return nil }
            return (p.name, displayName(peerNS))
        }
        return LinkState(
            ifindex: d.ifindex, name: d.name, kind: d.kind, flags: flags(ref), mtu: d.mtu, operstate: operstate(ref),
            address: d.mac, master: d.master.flatMap { ns.devices[$0]?.name }, peer: peer,
            parent: d.parent.flatMap { device($0)?.name }, macvlanMode: d.macvlanMode, vxlan: d.vxlan,
            addresses: d.addresses, addressAssignment: addressAssignment(d))
    }

    func state(of ns: Namespace) -> NetworkState.Namespace {
        let links = ns.devices.keys.sorted().compactMap { linkState(DeviceRef(namespace: ns.id, ifindex: $0)) }
        let routes = ns.routes.sorted(by: routeOrder).map { r in
            RouteState(
                destination: r.destination, family: r.family, gateway: r.gateway,
                device: ns.devices[r.device]?.name ?? "?", metric: r.metric, proto: r.proto, scope: r.scope,
                preferredSource: r.preferredSource)
        }
        return NetworkState.Namespace(name: displayName(ns), links: links, routes: routes, sysctls: ns.sysctls)
    }

    /// IPv4 before IPv6, then by prefix and metric, as `ip route` lists them.
    func routeOrder(_ a: Route, _ b: Route) -> Bool {
        func key(_ r: Route) -> (Int, Int, UInt128, Int, Int) {
            // `ip route` lists the IPv4 default first and the IPv6 default last.
            let defaultRank = r.destination == nil ? (r.family == 4 ? 0 : 2) : 1
            return (
                r.family, defaultRank, r.destination?.address.wideValue ?? 0, -(r.destination?.length ?? 0), r.metric
            )
        }
        return key(a) < key(b)
    }

    public func links(in ref: NamespaceRef) throws(KernelError) -> [LinkState] {
        state(of: try resolve(ref)).links
    }

    public func routes(in ref: NamespaceRef) throws(KernelError) -> [RouteState] {
        state(of: try resolve(ref)).routes
    }

    /// The initial namespace first, then named namespaces by name, then container namespaces by PID.
    public func snapshot() -> NetworkState {
        let ordered = namespaces.values.sorted { a, b in
            func key(_ ns: Namespace) -> (Int, String, Int) {
                (ns.id == 0 ? 0 : ns.name != nil ? 1 : 2, ns.name ?? "", ns.pid ?? 0)
            }
            return key(a) < key(b)
        }
        return NetworkState(namespaces: ordered.map(state(of:)))
    }
}
