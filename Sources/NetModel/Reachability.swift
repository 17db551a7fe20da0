import NetTypes

/// Hosts of a site as simulated kernels, and the cables between their devices.
public struct SimulatedSite {
    public struct Host {
        /// nil for the default host (commands outside any `host` block).
        public var name: String?
        public var kernel: SimulatedKernel

        public init(name: String?, kernel: SimulatedKernel) {
            self.name = name
            self.kernel = kernel
        }
    }

    public var hosts: [Host]
    /// Each cable joins a device of one host's initial namespace to one of another's.
    public var cables: [((host: String?, device: String), (host: String?, device: String))]

    public init(hosts: [Host], cables: [((host: String?, device: String), (host: String?, device: String))]) {
        self.hosts = hosts
        self.cables = cables
    }
}

/// Whether a packet from a namespace gets to an address and an answer gets back, by the route
/// lookups of each simulated kernel on the way: the longest matching route whose device is up,
/// its gateway (or the destination itself) found among the devices on the same layer-2 segment
/// (veth peers, a bridge and its ports, cables between hosts, a macvlan and its parent; every
/// device on the way up, with carrier), and forwarding switched on in every namespace that
/// passes the packet on (net.ipv4.ip_forward, net.ipv6.conf.all.forwarding).
public enum Reachability {
    public struct Node: Hashable {
        var host: Int
        var namespace: Int
    }

    public struct Answer {
        public var reached: Bool
        /// One line per hop, there and back.
        public var hops: [String]
        /// Why not, when not.
        public var problem: String?
    }

    struct Walk {
        var arrived: Node?
        var hops: [String] = []
        var problem: String?
        var source: IPAddress?
    }

    /// From namespace `ns` of host `host` (nil: the default host) to `destination`, and back.
    public static func reach(_ site: SimulatedSite, from host: String?, _ ns: NamespaceRef, to destination: IPAddress)
        throws(KernelError) -> Answer
    {
        guard let hostIndex = site.hosts.firstIndex(where: { $0.name == host }) else {
            throw KernelError(.ENOENT, "no host \(host ?? "(default)") in this site")
        }
        let start = Node(host: hostIndex, namespace: try site.hosts[hostIndex].kernel.resolve(ns).id)
        let there = walk(site, from: start, source: nil, to: destination)
        guard let arrived = there.arrived, let source = there.source else {
            return Answer(reached: false, hops: there.hops, problem: there.problem)
        }
        let back = walk(site, from: arrived, source: destination, to: source)
        let hops = there.hops + back.hops.map { "back: " + $0 }
        guard let home = back.arrived else { return Answer(reached: false, hops: hops, problem: back.problem) }
        guard home == start else {
            return Answer(
                reached: false, hops: hops,
                problem: "the answer arrives at \(label(site, home)), not at \(label(site, start))")
        }
        return Answer(reached: true, hops: hops, problem: nil)
    }

    static func label(_ site: SimulatedSite, _ node: Node) -> String {
        let host = site.hosts[node.host]
        let hostName = host.name ?? "local"
        guard let ns = host.kernel.namespaces[node.namespace], let name = host.kernel.displayName(ns) else {
            return hostName
        }
        return "\(hostName)/\(name)"
    }

    /// Routes hop by hop from `start` until `destination` is a local address somewhere.
    static func walk(_ site: SimulatedSite, from start: Node, source: IPAddress?, to destination: IPAddress) -> Walk {
        var result = Walk(source: source)
        var node = start
        for hop in 0..<32 {
            let kernel = site.hosts[node.host].kernel
            guard let ns = kernel.namespaces[node.namespace] else { break }
            let here = label(site, node)
            if isLocal(destination, ns) {
                result.arrived = node
                // A packet to the namespace's own address comes from that address.
                if result.source == nil { result.source = destination }
                result.hops.append("\(here): \(destination) is here")
                return result
            }
            let key = destination.family == 4 ? Sysctls.ipv4Forward : Sysctls.ipv6Forward
            if hop > 0 && ns.sysctls[key] != "1" {
                result.problem = "\(here) does not forward (\(key) is 0)"
                return result
            }
            guard let route = lookup(destination, ns), let device = ns.devices[route.device] else {
                result.problem = "\(here) has no route to \(destination)"
                return result
            }
            if result.source == nil {
                result.source = route.preferredSource ?? sourceAddress(device, destination.family, ns)
                if result.source == nil {
                    result.problem = "\(here) has no address to send from"
                    return result
                }
            }
            let next = route.gateway ?? destination
            result.hops.append(
                "\(here): to \(destination) via \(device.name)" + (route.gateway.map { " and \($0)" } ?? ""))
            guard
                let neighbor = neighbor(
                    site, SimulatedKernel.DeviceRef(namespace: ns.id, ifindex: device.ifindex), node.host, next)
            else {
                result.problem = "nothing on the segment of \(here)'s \(device.name) has \(next)"
                return result
            }
            node = neighbor
        }
        if result.problem == nil { result.problem = "more than 32 hops (a routing loop?)" }
        return result
    }

    /// An address of an up device of the namespace (loopback included).
    static func isLocal(_ address: IPAddress, _ ns: SimulatedKernel.Namespace) -> Bool {
        ns.devices.values.contains { device in
            device.adminUp && device.addresses.contains { $0.prefix.address == address }
        }
    }

    /// The longest matching route through an up device, then the lowest metric.
    static func lookup(_ destination: IPAddress, _ ns: SimulatedKernel.Namespace) -> SimulatedKernel.Route? {
        ns.routes
            .filter { $0.family == destination.family && ($0.destination?.contains(destination) ?? true) }
            .filter { ns.devices[$0.device]?.adminUp ?? false }
            .min { a, b in
                let (la, lb) = (a.destination?.length ?? 0, b.destination?.length ?? 0)
                return la != lb ? la > lb : a.metric < b.metric
            }
    }

    static func sourceAddress(_ device: SimulatedKernel.Device, _ family: Int, _ ns: SimulatedKernel.Namespace)
        -> IPAddress?
    {
        let own = device.addresses.first { $0.prefix.address.family == family && $0.scope == "global" }
        let any = ns.devices.values.flatMap(\.addresses).first {
            $0.prefix.address.family == family && $0.scope == "global"
        }
        return (own ?? any)?.prefix.address
    }

    /// The namespace on the layer-2 segment of `start` that has `address` on a device.
    static func neighbor(_ site: SimulatedSite, _ start: SimulatedKernel.DeviceRef, _ host: Int, _ address: IPAddress)
        -> Node?
    {
        for (hostIndex, ref) in segment(site, from: (host, start)) {
            let kernel = site.hosts[hostIndex].kernel
            guard let device = kernel.device(ref), device.master == nil else { continue }
            if device.addresses.contains(where: { $0.prefix.address == address }) {
                return Node(host: hostIndex, namespace: ref.namespace)
            }
        }
        return nil
    }

    /// Every device that frames from `start` reach: through up devices with carrier only.
    static func segment(_ site: SimulatedSite, from start: (Int, SimulatedKernel.DeviceRef)) -> [(
        Int, SimulatedKernel.DeviceRef
    )] {
        var seen: Set<String> = []
        var queue = [start]
        var found: [(Int, SimulatedKernel.DeviceRef)] = []
        while let (host, ref) = queue.popLast() {
            let kernel = site.hosts[host].kernel
            guard seen.insert("\(host)/\(ref.namespace)/\(ref.ifindex)").inserted, let device = kernel.device(ref),
                device.adminUp, kernel.hasCarrier(ref) || isCableEnd(site, host, ref, device)
            else { continue }
            found.append((host, ref))
            queue += links(site, host, ref, device)
        }
        return found
    }

    /// A cable's end has carrier when it is up: the cable, not the device's own peer (a real
    /// host's veth standing in for a network card has one in a namespace nobody sees), says
    /// what is at the other end.
    static func isCableEnd(
        _ site: SimulatedSite, _ host: Int, _ ref: SimulatedKernel.DeviceRef, _ device: SimulatedKernel.Device
    ) -> Bool {
        guard ref.namespace == 0 else { return false }
        let name = site.hosts[host].name
        return site.cables.contains { a, b in
            (a.host == name && a.device == device.name) || (b.host == name && b.device == device.name)
        }
    }

    /// The devices one step away at layer 2.
    static func links(
        _ site: SimulatedSite, _ host: Int, _ ref: SimulatedKernel.DeviceRef, _ device: SimulatedKernel.Device
    )
        -> [(Int, SimulatedKernel.DeviceRef)]
    {
        var next: [(Int, SimulatedKernel.DeviceRef)] = []
        if let peer = device.peer { next.append((host, peer)) }
        if let master = device.master { next.append((host, .init(namespace: ref.namespace, ifindex: master))) }
        for port in device.ports { next.append((host, .init(namespace: ref.namespace, ifindex: port))) }
        if let parent = device.parent { next.append((host, parent)) }
        for child in device.children { next.append((host, child)) }
        if ref.namespace == 0 {
            let name = site.hosts[host].name
            for (a, b) in site.cables {
                for (here, there) in [(a, b), (b, a)] where here.host == name && here.device == device.name {
                    guard let other = site.hosts.firstIndex(where: { $0.name == there.host }),
                        let index = site.hosts[other].kernel.namespaces[0]?.byName[there.device]
                    else { continue }
                    next.append((other, .init(namespace: 0, ifindex: index)))
                }
            }
        }
        return next
    }
}
