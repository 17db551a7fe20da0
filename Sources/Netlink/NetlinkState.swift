import NetModel
import NetTypes

/// Queries and snapshots of the live state in the model's terms.
extension NetlinkBackend {
    public func links(in ns: NamespaceRef) throws(KernelError) -> [LinkState] {
        try resolvedLinks(in: ns, among: knownNamespaces())
    }

    public func routes(in ns: NamespaceRef) throws(KernelError) -> [RouteState] {
        let links = try dumpLinksOnce(ns)
        return try dumpRoutes(ns, Dictionary(links.map { ($0.index, $0.state.name) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The initial namespace first, then named ones by name, then those reached by PID or path,
    /// once their operstates have settled (`dnsh state`).
    public func snapshot() -> NetworkState {
        snapshot(of: knownNamespaces(), settle: true)
    }

    /// The initial namespace, the named ones, and those reached by PID or path. The namespace
    /// dnsh runs in is the initial one even when it also has a name (`ip netns exec NAME dnsh`).
    func knownNamespaces() -> [NamespaceRef] {
        let own = NamespaceFiles.identity(ofPath: "/proc/self/ns/net")
        let named = namespaceNames().filter { name in
            guard let own, let other = NamespaceFiles.identity(ofPath: "\(NamespaceFiles.directory)/\(name)") else {
                return true
            }
            return other != own
        }
        return [.initial] + named.map(NamespaceRef.named) + visitedNamespaces
    }

    /// Links with their veth peers and macvlan parents named, across namespaces.
    func resolvedLinks(in ns: NamespaceRef, among all: [NamespaceRef]) throws(KernelError) -> [LinkState] {
        let raw = try dumpLinks(ns)
        let local = Dictionary(raw.map { ($0.index, $0.state.name) }, uniquingKeysWith: { a, _ in a })
        let byNSID = raw.contains { $0.peerNSID != nil } ? nsids(seenFrom: ns, among: all) : [:]
        var remote: [NamespaceRef: [Int32: String]] = [:]
        return raw.map { link in
            var state = link.state
            guard let peerIndex = link.peerIndex else { return state }
            var peerName = local[peerIndex]
            var peerNS: NamespaceRef = ns
            if let nsid = link.peerNSID, let ref = byNSID[nsid] {
                if remote[ref] == nil {
                    remote[ref] = Dictionary(
                        ((try? dumpLinks(ref)) ?? []).map { ($0.index, $0.state.name) }, uniquingKeysWith: { a, _ in a }
                    )
                }
                peerName = remote[ref]?[peerIndex]
                peerNS = ref
            } else if link.peerNSID != nil {
                peerName = nil
            }
            if state.kind == .veth, let peerName {
                state.peer = (peerName, peerNS.stateName)
            } else if state.kind == .macvlan {
                state.parent = peerName
            }
            return state
        }
    }

    /// The ids by which namespace `ns` knows the others (RTM_GETNSID with NETNSA_FD).
    func nsids(seenFrom ns: NamespaceRef, among all: [NamespaceRef]) -> [Int32: NamespaceRef] {
        var result: [Int32: NamespaceRef] = [:]
        guard let socket = try? socket(ns) else { return result }
        for other in all where other != ns {
            guard let fd = try? file(other),
                let reply = try? socket.get(
                    RTM.getNSID,
                    { w in
                        w.u8(AF.unspec)
                        w.align4()
                        w.attribute(NETNSA.fd, u32: UInt32(bitPattern: fd))
                    })
            else { continue }
            var reader = NetlinkReader(reply)
            guard reader.skip(4), let id = reader.attributes()[NETNSA.nsid]?.u32.map({ Int32(bitPattern: $0) }), id >= 0
            else { continue }
            result[id] = other
        }
        return result
    }

    /// A main-table unicast route; IPv6 link-local routes are left out.
    func parseRoute(_ body: ArraySlice<UInt8>, _ names: [Int32: String]) -> RouteState? {
        var reader = NetlinkReader(body)
        guard let header = RouteHeader(&reader) else { return nil }
        let a = reader.attributes()
        let table = a[RTA.table]?.u32.map { UInt8(truncatingIfNeeded: $0) } ?? header.table
        guard table == RT.tableMain, header.type == RT.typeUnicast else { return nil }
        let family = header.family == AF.inet ? 4 : 6
        let destination = a[RTA.dst].flatMap { IPAddress(netlink: $0) }.flatMap {
            IPPrefix(address: $0, length: Int(header.destinationLength))
        }
        if family == 6, let destination, destination.network == IPPrefix("fe80::/64") { return nil }
        guard let oif = a[RTA.oif]?.u32, let device = names[Int32(bitPattern: oif)] else { return nil }
        let protos: [UInt8: String] = [2: "kernel", 3: "boot", 4: "static"]
        let scope = header.scope == RT.scopeLink ? "link" : header.scope == RT.scopeHost ? "host" : "universe"
        return RouteState(
            destination: destination?.length == 0 ? nil : destination, family: family,
            gateway: a[RTA.gateway].flatMap { IPAddress(netlink: $0) }, device: device,
            metric: Int(a[RTA.priority]?.u32 ?? 0), proto: protos[header.proto] ?? String(header.proto), scope: scope,
            preferredSource: a[RTA.prefsrc].flatMap { IPAddress(netlink: $0) })
    }
}
