import NetTypes

/// The devices and routes a plan removes or adds, and what undoes each request: the live state
/// before the plan is what a rollback restores.
extension Planner {
    /// Live devices the end state no longer has, in namespaces that stay (a removed namespace
    /// takes its devices with it). A veth pair is one request; children go before parents.
    mutating func planDeletedDevices() {
        let kept = Set(endDevices.compactMap { $0.1.origin })
        let remaining = Set(end.namespaces.values.map { end.displayName($0) })
        var handled = Set<LinkOrigin>()
        var children: [PlannedOperation] = []
        var others: [PlannedOperation] = []
        for ns in live.namespaces where remaining.contains(ns.name) {
            for link in ns.links where link.kind != .loopback {
                let origin = LinkOrigin(namespace: ns.name, ifindex: link.ifindex)
                guard !kept.contains(origin) else { continue }
                changes.append(PlanChange(ns.name, "- link \(link.name)"))
                guard !handled.contains(origin) else { continue }
                if let peer = peerOrigin(link, ns.name) { handled.insert(peer) }
                let ref = NamespaceRef(stateName: ns.name)
                let operation = PlannedOperation(
                    .deleteLink(LinkTarget(link.name, index: link.ifindex), ref),
                    statement: end.destroyedOrigins[origin],
                    undo: recreate(link, ns.name))
                if link.kind == .macvlan || link.kind == .vxlan {
                    children.append(operation)
                } else {
                    others.append(operation)
                }
            }
        }
        phases[.deleteLinks, default: []] += children + others
    }

    func liveNamespace(_ name: String?) -> NetworkState.Namespace? { liveNamespaces[name] }

    func liveLink(_ name: String, in ns: String?) -> LinkState? { liveByName[ns]?[name] }

    func peerOrigin(_ link: LinkState, _ ns: String?) -> LinkOrigin? {
        guard let peer = link.peer, let found = liveLink(peer.name, in: peer.namespace) else { return nil }
        return LinkOrigin(namespace: peer.namespace, ifindex: found.ifindex)
    }

    /// Creates a removed device again as it was: index, MTU, MAC, the veth's other end, bridge,
    /// up state, addresses, routes, and a bridge's ports.
    func recreate(_ link: LinkState, _ ns: String?) -> [KernelOperation] {
        let ref = NamespaceRef(stateName: ns)
        var spec = LinkSpec(name: link.name, kind: link.kind)
        spec.index = link.ifindex
        spec.mtu = link.mtu
        spec.address = link.address
        spec.macvlanMode = link.macvlanMode
        spec.vxlan = link.vxlan
        spec.parent = link.parent
        var ends: [(LinkState, String?)] = [(link, ns)]
        if let peer = link.peer, let other = liveLink(peer.name, in: peer.namespace) {
            spec.peerName = other.name
            spec.peerNamespace = peer.namespace == ns ? nil : NamespaceRef(stateName: peer.namespace)
            spec.peerIndex = other.ifindex
            spec.peerMTU = other.mtu
            spec.peerAddress = other.address
            ends.append((other, peer.namespace))
        }
        var operations: [KernelOperation] = [.addLink(spec, ref)]
        for (end, name) in ends { operations += raise(end, name) }
        for (end, name) in ends {
            operations += end.addresses.map { .addAddress($0.prefix, target(end), NamespaceRef(stateName: name)) }
        }
        for (end, name) in ends { operations += routeRestores(end, NamespaceRef(stateName: name)) }
        if link.kind == .bridge {
            for port in liveNamespace(ns)?.links ?? [] where port.master == link.name {
                operations.append(.setLink(target(port), [.master(link.name)], masterIndex: link.ifindex, ref))
            }
        }
        return operations
    }

    func target(_ link: LinkState) -> LinkTarget { LinkTarget(link.name, index: link.ifindex) }

    /// Puts a device's bridge and up state back.
    func raise(_ link: LinkState, _ ns: String?) -> [KernelOperation] {
        var changes: [LinkChange] = []
        var masterIndex: Int?
        if let master = link.master {
            changes.append(.master(master))
            masterIndex = liveLink(master, in: ns)?.ifindex
        }
        if link.isUp { changes.append(.up) }
        if changes.isEmpty { return [] }
        return [.setLink(target(link), changes, masterIndex: masterIndex, NamespaceRef(stateName: ns))]
    }

    /// The live routes through a device, added again (replacing, so one still there is fine).
    func routeRestores(_ link: LinkState, _ ref: NamespaceRef) -> [KernelOperation] {
        let routes = liveNamespace(ref.stateName)?.routes ?? []
        return routes.filter { $0.proto != "kernel" && $0.device == link.name }.map { route in
            .addRoute(Planner.spec(route), deviceIndex: link.ifindex, replace: true, ref)
        }
    }

    static func spec(_ route: RouteState) -> RouteSpec {
        RouteSpec(
            destination: route.destination, gateway: route.gateway, device: route.device, metric: route.metric,
            family: route.family)
    }

    /// Undoes the first request of a changed device: back to its namespace, name, MTU and MAC,
    /// then its bridge and up state, addresses and routes where the change took them.
    func restore(
        _ old: LinkState, _ origin: LinkOrigin, from here: LinkTarget, _ newRef: NamespaceRef, moved: Bool,
        _ forward: [LinkChange]
    )
        -> [KernelOperation]
    {
        let oldRef = NamespaceRef(stateName: origin.namespace)
        var back: [LinkChange] = moved ? [.namespace(oldRef), .newIndex(old.ifindex)] : []
        if here.name != old.name { back.append(.name(old.name)) }
        for change in forward {
            if case .mtu = change { back.append(.mtu(old.mtu)) }
            if case .address = change { back.append(.address(old.address)) }
        }
        var operations: [KernelOperation] = back.isEmpty ? [] : [.setLink(here, back, masterIndex: nil, newRef)]
        let lowered = moved || forward.contains(.down) || forward.contains(.noMaster)
        guard lowered else { return operations }
        operations += raise(old, origin.namespace)
        operations += old.addresses.map { .addAddress($0.prefix, target(old), oldRef) }
        operations += routeRestores(old, oldRef)
        return operations
    }

    // MARK: - Routes

    /// A route's identity across the two states: its device by where it was restored from, or
    /// by serial for a new one.
    struct RouteKey: Hashable {
        var family: Int
        var destination: IPPrefix?
        var gateway: IPAddress?
        var metric: Int
        var device: String
    }

    mutating func planRoutes() {
        let kept = Set(endDevices.compactMap { $0.1.origin })
        for ns in end.namespaces.values.sorted(by: { $0.id < $1.id }) {
            let name = end.displayName(ns)
            let before = (liveNamespace(name)?.routes ?? []).filter { $0.proto != "kernel" }
            let liveIndex = Dictionary(
                (liveNamespace(name)?.links ?? []).map { ($0.name, $0.ifindex) }, uniquingKeysWith: { a, _ in a })
            func liveKey(_ r: RouteState) -> RouteKey {
                RouteKey(
                    family: r.family, destination: r.destination, gateway: r.gateway, metric: r.metric,
                    device: "\(name ?? "")#\(liveIndex[r.device] ?? -1)")
            }
            func endKey(_ r: SimulatedKernel.Route) -> RouteKey {
                let device = ns.devices[r.device]
                let id =
                    device?.origin.map { "\($0.namespace ?? "")#\($0.ifindex)" } ?? "serial \(device?.serial ?? -1)"
                return RouteKey(
                    family: r.family, destination: r.destination, gateway: r.gateway, metric: r.metric, device: id)
            }
            let after = ns.routes.filter { $0.proto != "kernel" }
            let afterKeys = Set(after.map(endKey))
            let beforeKeys = Set(before.map(liveKey))
            let ref = ref(ns)
            for route in before where !afterKeys.contains(liveKey(route)) {
                guard let index = liveIndex[route.device], kept.contains(LinkOrigin(namespace: name, ifindex: index))
                else {
                    continue
                }
                add(
                    .deleteRoutes, .deleteRoute(Planner.spec(route), deviceIndex: index, ref), nil,
                    undo: [.addRoute(Planner.spec(route), deviceIndex: index, replace: true, ref)])
                changes.append(PlanChange(name, "- route \(StateDiff.describe(route))"))
            }
            for route in after where !beforeKeys.contains(endKey(route)) {
                guard let device = ns.devices[route.device] else { continue }
                let spec = RouteSpec(
                    destination: route.destination, gateway: route.gateway, device: device.name,
                    metric: route.metric == (route.family == 4 ? 0 : 1024) ? nil : route.metric, family: route.family)
                let undo: [KernelOperation] =
                    device.origin == nil ? [] : [.deleteRoute(spec, deviceIndex: index(ns, device), ref)]
                add(
                    .addRoutes, .addRoute(spec, deviceIndex: index(ns, device), replace: false, ref), route.tag,
                    undo: undo
                )
                let state = RouteState(
                    destination: route.destination, family: route.family, gateway: route.gateway, device: device.name,
                    metric: route.metric, proto: route.proto, scope: route.scope)
                changes.append(PlanChange(name, "+ route \(StateDiff.describe(state))"))
            }
        }
    }
}
