import Glibc
import NetModel
import NetTypes

/// Reading the live state into the model: links, addresses and routes per namespace, veth peers
/// across namespaces through their netnsids. IPv6 link-local addresses and their routes are left
/// out (the kernel derives them from random MACs; the simulated kernel does not model them).
extension NetlinkBackend {
    struct RawLink {
        var index: Int32
        var state: LinkState
        var peerIndex: Int32?
        var peerNSID: Int32?
        var masterIndex: Int32?
        var vxlanLower: Int32?
    }

    struct RawAddress {
        var index: Int32
        var address: InterfaceAddress
    }

    func dumpAddresses(_ ns: NamespaceRef) throws(KernelError) -> [RawAddress] {
        let messages = try socket(ns).dump(RTM.getAddr) { w in
            w.ifaddrmsg(family: AF.unspec, prefixLength: 0, scope: 0, index: 0)
        }
        return messages.compactMap { body in
            var reader = NetlinkReader(body)
            guard let header = AddressHeader(&reader) else { return nil }
            let attributes = reader.attributes()
            guard let bytes = attributes[IFA.local] ?? attributes[IFA.address], let address = IPAddress(netlink: bytes),
                let prefix = IPPrefix(address: address, length: Int(header.prefixLength))
            else { return nil }
            if address.family == 6 && header.scope == RT.scopeLink { return nil }
            let scope = header.scope == RT.scopeHost ? "host" : header.scope == RT.scopeLink ? "link" : "global"
            return RawAddress(
                index: Int32(bitPattern: header.index), address: InterfaceAddress(prefix: prefix, scope: scope))
        }
    }

    /// How long a dump waits for the kernel's link watcher to catch up (operstate and bridge
    /// carrier follow a change with a delay of up to a second).
    static let settleAttempts = 40

    /// The links of a namespace once their operstates agree with their flags.
    func dumpLinks(_ ns: NamespaceRef) throws(KernelError) -> [RawLink] {
        var links = try dumpLinksOnce(ns)
        for _ in 0..<NetlinkBackend.settleAttempts where !NetlinkBackend.settled(links) {
            usleep(50_000)
            links = try dumpLinksOnce(ns)
        }
        return links
    }

    /// Whether every operstate has caught up with its flags (the link watcher updates it after
    /// the carrier changes), and every bridge with a working port has carrier.
    static func settled(_ links: [RawLink]) -> Bool {
        let working = Set(
            links.filter { $0.state.flags.contains("LOWER_UP") && $0.state.isUp }.compactMap(\.masterIndex))
        let withPorts = Set(links.compactMap(\.masterIndex))
        return links.allSatisfy { link in
            let state = link.state
            let lower = state.flags.contains("LOWER_UP")
            guard state.isUp else { return state.operstate == "DOWN" }
            switch state.kind {
            case .loopback, .vxlan: return state.operstate == "UNKNOWN"
            case .bridge:
                if lower != working.contains(link.index) && withPorts.contains(link.index) { return false }
                if !lower { return state.operstate == "DOWN" }
                return state.operstate == "UP" || (state.operstate == "UNKNOWN" && !withPorts.contains(link.index))
            case .veth, .macvlan: return state.operstate == (lower ? "UP" : "LOWERLAYERDOWN")
            default: return true
            }
        }
    }

    func dumpLinksOnce(_ ns: NamespaceRef) throws(KernelError) -> [RawLink] {
        let addresses = try dumpAddresses(ns)
        let messages = try socket(ns).dump(RTM.getLink) { w in
            w.ifinfomsg()
            w.attribute(IFLA.extMask, u32: IFLA.skipStats)
        }
        var links = messages.compactMap { parseLink($0) }
        for i in links.indices {
            links[i].state.addresses = addresses.filter { $0.index == links[i].index }.map(\.address)
        }
        let names = Dictionary(links.map { ($0.index, $0.state.name) }, uniquingKeysWith: { a, _ in a })
        for i in links.indices {
            links[i].state.master = links[i].masterIndex.flatMap { names[$0] }
            if let lower = links[i].vxlanLower { links[i].state.vxlan?.device = names[lower] }
        }
        return links.sorted { $0.index < $1.index }
    }

    func parseLink(_ body: ArraySlice<UInt8>) -> RawLink? {
        var reader = NetlinkReader(body)
        guard let header = LinkHeader(&reader) else { return nil }
        let a = reader.attributes()
        guard let name = a[IFLA.ifname]?.string else { return nil }
        var info = NetlinkAttributes()
        if let linkinfo = a[IFLA.linkinfo] {
            var r = NetlinkReader(linkinfo)
            info = r.attributes()
        }
        let kindName = info[IFLA.infoKind]?.string
        let kind =
            kindName.flatMap(LinkKind.init(rawValue:)) ?? (header.flags & IFF.loopback != 0 ? .loopback : .device)
        let mac = a[IFLA.address].map { MACAddress(truncating: $0.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) }
        var state = LinkState(
            ifindex: Int(header.index), name: name, kind: kind, flags: NetlinkBackend.flags(header.flags),
            mtu: Int(a[IFLA.mtu]?.u32 ?? 0), operstate: NetlinkBackend.operstate(a[IFLA.operstate]?.u8 ?? 0),
            address: mac ?? MACAddress(truncating: 0), master: nil, peer: nil, parent: nil, macvlanMode: nil,
            vxlan: nil, addresses: [])
        var data = NetlinkAttributes()
        if let payload = info[IFLA.infoData] {
            var r = NetlinkReader(payload)
            data = r.attributes()
        }
        decodeKindData(&state, data)
        let linkIndex = a[IFLA.link].flatMap(\.u32).map { Int32(bitPattern: $0) }
        return RawLink(
            index: header.index, state: state, peerIndex: kind == .veth || kind == .macvlan ? linkIndex : nil,
            peerNSID: a[IFLA.linkNetnsid].flatMap(\.u32).map { Int32(bitPattern: $0) },
            masterIndex: a[IFLA.master].flatMap(\.u32).map { Int32(bitPattern: $0) },
            vxlanLower: data[IFLA.vxlanLink].flatMap(\.u32).map { Int32(bitPattern: $0) }.flatMap { $0 > 0 ? $0 : nil })
    }

    func decodeKindData(_ state: inout LinkState, _ data: NetlinkAttributes) {
        switch state.kind {
        case .macvlan:
            let modes: [UInt32: String] = [1: "private", 2: "vepa", 4: "bridge", 8: "passthru", 16: "source"]
            state.macvlanMode = data[IFLA.macvlanMode]?.u32.flatMap { modes[$0] } ?? "vepa"
        case .vxlan:
            var config = VxlanConfig(id: Int(data[IFLA.vxlanID]?.u32 ?? 0))
            if let port = data[IFLA.vxlanPort], port.count == 2 {
                config.port = Int(port[port.startIndex]) << 8 | Int(port[port.startIndex + 1])
            }
            config.local = (data[IFLA.vxlanLocal] ?? data[IFLA.vxlanLocal6]).flatMap { IPAddress(netlink: $0) }
            if let group = (data[IFLA.vxlanGroup] ?? data[IFLA.vxlanGroup6]).flatMap({ IPAddress(netlink: $0) }) {
                if NetlinkBackend.isMulticast(group) { config.group = group } else { config.remote = group }
            }
            state.vxlan = config
        default:
            break
        }
    }

    static func isMulticast(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let a): return a.value >> 28 == 0xe
        case .v6(let a): return a.value >> 120 == 0xff
        }
    }

    /// The flags as `ip -j` prints them (NO-CARRIER first, then in bit order).
    static func flags(_ raw: UInt32) -> [String] {
        var flags: [String] = []
        if raw & IFF.up != 0 && raw & IFF.lowerUp == 0 { flags.append("NO-CARRIER") }
        let named: [(UInt32, String)] = [
            (IFF.loopback, "LOOPBACK"), (IFF.broadcast, "BROADCAST"), (IFF.pointopoint, "POINTOPOINT"),
            (IFF.multicast, "MULTICAST"), (IFF.noarp, "NOARP"), (IFF.up, "UP"), (IFF.lowerUp, "LOWER_UP"),
        ]
        for (bit, name) in named where raw & bit != 0 { flags.append(name) }
        return flags
    }

    static func operstate(_ raw: UInt8) -> String {
        ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"][Int(min(raw, 6))]
    }
}
