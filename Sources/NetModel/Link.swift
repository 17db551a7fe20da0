import NetTypes

public enum LinkKind: String, Sendable, CaseIterable {
    case loopback, veth, bridge, macvlan, vxlan, dummy, vlan, bond, ipvlan
    /// A physical device, or a kind dnsh does not know.
    case device
}

/// An address on an interface, with its scope as the kernel reports it.
public struct InterfaceAddress: Hashable, Sendable {
    public var prefix: IPPrefix
    /// `host`, `link` or `global`.
    public var scope: String

    public init(prefix: IPPrefix, scope: String? = nil) {
        self.prefix = prefix
        self.scope = scope ?? InterfaceAddress.defaultScope(prefix.address)
    }

    /// The scope the kernel gives an address: host for loopback, link for IPv6 link-local.
    public static func defaultScope(_ address: IPAddress) -> String {
        switch address {
        case .v4(let a): return a.value >> 24 == 127 ? "host" : "global"
        case .v6(let a):
            if a.value == 1 { return "host" }
            return a.value >> 118 == 0x3fa ? "link" : "global"
        }
    }
}

/// A VXLAN device's settings.
public struct VxlanConfig: Hashable, Sendable {
    public var id: Int
    public var port: Int
    public var local: IPAddress?
    public var remote: IPAddress?
    public var group: IPAddress?
    /// The underlying device's name, if one was given.
    public var device: String?

    /// 6 when any of the endpoints is IPv6, else 4.
    public static func family(_ config: VxlanConfig) -> Int {
        [config.local, config.remote, config.group].contains { $0?.family == 6 } ? 6 : 4
    }

    public init(
        id: Int, port: Int = 8472, local: IPAddress? = nil, remote: IPAddress? = nil, group: IPAddress? = nil,
        device: String? = nil
    ) {
        self.id = id
        self.port = port
        self.local = local
        self.remote = remote
        self.group = group
        self.device = device
    }
}

/// Where a device of the simulated kernel came from when it was restored from a snapshot: the
/// namespace (by state name, nil for the initial one) and ifindex it has there.
public struct LinkOrigin: Hashable, Sendable {
    public var namespace: String?
    public var ifindex: Int

    public init(namespace: String?, ifindex: Int) {
        self.namespace = namespace
        self.ifindex = ifindex
    }
}

/// A network device as the state format describes it.
public struct LinkState: Hashable, Sendable {
    public var ifindex: Int
    public var name: String
    public var kind: LinkKind
    public var flags: [String]
    public var mtu: Int
    public var operstate: String
    public var address: MACAddress
    public var master: String?
    /// A veth's other end: its name and the namespace it is in (nil for the initial namespace).
    public var peer: (name: String, namespace: String?)?
    /// A macvlan's parent device.
    public var parent: String?
    public var macvlanMode: String?
    public var vxlan: VxlanConfig?
    public var addresses: [InterfaceAddress]
    /// How the MAC came to be, where the backend knows (the simulated kernel does): `set` by a
    /// command, or `random` (generated, or taken from random ones, as a bridge takes its ports').
    public var addressAssignment: String?

    public var isUp: Bool { flags.contains("UP") }

    public init(
        ifindex: Int, name: String, kind: LinkKind, flags: [String], mtu: Int, operstate: String,
        address: MACAddress, master: String?, peer: (name: String, namespace: String?)?, parent: String?,
        macvlanMode: String?, vxlan: VxlanConfig?, addresses: [InterfaceAddress], addressAssignment: String? = nil
    ) {
        self.ifindex = ifindex
        self.name = name
        self.kind = kind
        self.flags = flags
        self.mtu = mtu
        self.operstate = operstate
        self.address = address
        self.master = master
        self.peer = peer
        self.parent = parent
        self.macvlanMode = macvlanMode
        self.vxlan = vxlan
        self.addresses = addresses
        self.addressAssignment = addressAssignment
    }

    public static func == (lhs: LinkState, rhs: LinkState) -> Bool {
        lhs.ifindex == rhs.ifindex && lhs.name == rhs.name && lhs.kind == rhs.kind && lhs.flags == rhs.flags
            && lhs.mtu == rhs.mtu && lhs.operstate == rhs.operstate && lhs.address == rhs.address
            && lhs.master == rhs.master && lhs.peer?.name == rhs.peer?.name
            && lhs.peer?.namespace == rhs.peer?.namespace && lhs.parent == rhs.parent
            && lhs.macvlanMode == rhs.macvlanMode && lhs.vxlan == rhs.vxlan && lhs.addresses == rhs.addresses
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ifindex)
        hasher.combine(name)
    }
}
