import NetModel

/// Whole-host snapshots, fast enough to take before and after every apply: sockets for all the
/// namespaces are made on one thread, each namespace is dumped once, and veth peers across
/// namespaces are paired by their indexes (an end with index i whose peer is j pairs with the
/// end with index j whose peer is i); only when that is ambiguous are the kernel's netnsids asked.
extension NetlinkBackend {
    /// The initial namespace and every named one (and those reached by PID or path).
    /// `settle`: wait for operstates to catch up with recent changes, as `dnsh state` does.
    public func snapshot(settle: Bool) -> NetworkState {
        snapshot(of: knownNamespaces(), settle: settle)
    }

    /// The given namespaces, as they are now or, with `settle`, once their operstates agree with
    /// their flags (missing ones are left out).
    public func snapshot(of refs: [NamespaceRef], settle: Bool = false) -> NetworkState {
        // Two threads dump their halves: each socket is used by one thread, and the table of
        // sockets is only read (every socket is made before they start).
        let ready = prepareSockets(refs)
        let dumped = NamespaceFiles.inParallel(ready, threads: 2) {
            ref -> (NamespaceRef, [RawLink], [RouteState], [String: String])? in
            guard let links = try? (settle ? self.dumpLinks(ref) : self.dumpLinksOnce(ref)) else { return nil }
            let names = Dictionary(links.map { ($0.index, $0.state.name) }, uniquingKeysWith: { a, _ in a })
            guard let routes = try? self.dumpRoutes(ref, names) else { return nil }
            return (ref, links, routes, self.forwarding(in: ref))
        }
        let raw = dumped.compactMap { $0 }
        let sysctls = Dictionary(raw.map { ($0.0, $0.3) }, uniquingKeysWith: { a, _ in a })
        let pairs = PeerPairs(raw.map { ($0.0, $0.1) })
        let namespaces = raw.map { ref, links, routes, _ in
            let local = Dictionary(links.map { ($0.index, $0.state.name) }, uniquingKeysWith: { a, _ in a })
            return NetworkState.Namespace(
                name: ref.stateName, links: links.map { pairs.resolve($0, in: ref, local: local, backend: self) },
                routes: routes, sysctls: sysctls[ref] ?? [:])
        }
        return NetworkState(namespaces: namespaces)
    }

    func dumpRoutes(_ ns: NamespaceRef, _ names: [Int32: String]) throws(KernelError) -> [RouteState] {
        let messages = try socket(ns).dump(RTM.getRoute) { w in
            w.rtmsg(family: AF.unspec, destinationLength: 0, proto: 0, scope: 0, type: 0)
            w.attribute(RTA.table, u32: UInt32(RT.tableMain))
        }
        return messages.compactMap { parseRoute($0, names) }
    }
}

/// Veth ends in other namespaces, found by their index pairs.
struct PeerPairs {
    struct Key: Hashable {
        var index: Int32
        var peer: Int32
    }

    var ends: [Key: [(NamespaceRef, String)]] = [:]
    let all: [NamespaceRef]

    init(_ namespaces: [(NamespaceRef, [NetlinkBackend.RawLink])]) {
        all = namespaces.map(\.0)
        for (ref, links) in namespaces {
            for link in links where link.peerNSID != nil {
                guard let peer = link.peerIndex else { continue }
                ends[Key(index: link.index, peer: peer), default: []].append((ref, link.state.name))
            }
        }
    }

    /// The link with its peer (a veth) or parent (a macvlan) named.
    func resolve(
        _ link: NetlinkBackend.RawLink, in ref: NamespaceRef, local: [Int32: String], backend: NetlinkBackend
    ) -> LinkState {
        var state = link.state
        guard let peerIndex = link.peerIndex else { return state }
        guard link.peerNSID != nil else {
            let name = local[peerIndex]
            if state.kind == .veth, let name { state.peer = (name, ref.stateName) }
            if state.kind == .macvlan { state.parent = name }
            return state
        }
        let candidates = (ends[Key(index: peerIndex, peer: link.index)] ?? []).filter { $0.0 != ref }
        // Both sides must be unique: another end with this one's index pair could be the peer's
        // true partner, in a namespace not dumped.
        let mirrors = (ends[Key(index: link.index, peer: peerIndex)] ?? []).count
        guard candidates.count == 1, mirrors == 1, state.kind == .veth, let (peerRef, name) = candidates.first else {
            return (try? backend.resolvedLinks(in: ref, among: all))?.first { $0.name == state.name } ?? state
        }
        state.peer = (name, peerRef.stateName)
        return state
    }
}
