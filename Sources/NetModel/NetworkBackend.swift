import NetTypes

/// What to create with `link add`.
public struct LinkSpec: Sendable, Equatable {
    public var name: String
    public var kind: LinkKind
    /// veth: the other end's name and, if not the current one, its namespace.
    public var peerName: String?
    public var peerNamespace: NamespaceRef?
    /// macvlan: the parent device and the mode (`bridge`, `private`, `vepa`, `passthru`).
    public var parent: String?
    public var macvlanMode: String?
    public var vxlan: VxlanConfig?
    public var mtu: Int?
    public var address: MACAddress?
    /// Fused creation (plans): the bridge to join, the ifindexes to take, the peer's MTU and MAC.
    public var master: String?
    public var index: Int?
    public var peerIndex: Int?
    public var peerMTU: Int?
    public var peerAddress: MACAddress?
    /// The ifindex of the macvlan parent or vxlan lower device, where the plan knows it.
    public var parentIndex: Int?
    /// The ifindex of `master`, where the plan knows it.
    public var masterIndex: Int?

    public init(name: String, kind: LinkKind) {
        self.name = name
        self.kind = kind
    }
}

/// One setting of `link set`, applied in the order the kernel applies them.
public enum LinkChange: Sendable, Equatable {
    case namespace(NamespaceRef)
    /// With `.namespace`: the ifindex to take in the target namespace (IFLA_NEW_IFINDEX).
    case newIndex(Int)
    case address(MACAddress)
    case mtu(Int)
    case name(String)
    case master(String)
    case noMaster
    case up
    case down

    /// The kernel's order within one request (`do_setlink`): namespace, address, MTU, name,
    /// state, master.
    var order: Int {
        switch self {
        case .namespace, .newIndex: return 0
        case .address: return 1
        case .mtu: return 2
        case .name: return 3
        case .up, .down: return 4
        case .master, .noMaster: return 5
        }
    }
}

/// What `route add|del|replace` names.
public struct RouteSpec: Sendable, Equatable {
    public var destination: IPPrefix?
    public var gateway: IPAddress?
    public var device: String?
    public var metric: Int?

    /// 4 or 6: from the destination, else the gateway, else IPv4.
    public var family: Int

    /// A /0 destination is the default route (`0.0.0.0/0` and `default` are the same route).
    public init(
        destination: IPPrefix?, gateway: IPAddress? = nil, device: String? = nil, metric: Int? = nil, family: Int? = nil
    ) {
        self.destination = destination?.length == 0 ? nil : destination
        self.gateway = gateway
        self.device = device
        self.metric = metric
        self.family = destination?.address.family ?? gateway?.family ?? family ?? 4
    }
}

/// The kernel as the network commands see it. The simulated kernel implements it in memory; the
/// netlink backend implements it against the real one.
public protocol NetworkBackend: AnyObject {
    func addNamespace(_ name: String) throws(KernelError)
    func deleteNamespace(_ name: String) throws(KernelError)
    func namespaceNames() -> [String]
    /// Checks that a namespace exists; errors as opening it would.
    func checkNamespace(_ ref: NamespaceRef) throws(KernelError)

    func addLink(_ spec: LinkSpec, in ns: NamespaceRef) throws(KernelError)
    func deleteLink(_ name: String, in ns: NamespaceRef) throws(KernelError)
    func setLink(_ name: String, _ changes: [LinkChange], in ns: NamespaceRef) throws(KernelError)

    func addAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError)
    func deleteAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError)
    func flushAddresses(device: String, in ns: NamespaceRef) throws(KernelError)

    /// `sysctl KEY VALUE` and `sysctl KEY` for the namespace's forwarding switches.
    func setSysctl(_ key: String, _ value: String, in ns: NamespaceRef) throws(KernelError)
    func sysctl(_ key: String, in ns: NamespaceRef) throws(KernelError) -> String

    func addRoute(_ spec: RouteSpec, replace: Bool, in ns: NamespaceRef) throws(KernelError)
    func deleteRoute(_ spec: RouteSpec, in ns: NamespaceRef) throws(KernelError)

    /// Performs a batch of operations in order, continuing after a failure as the kernel does
    /// with the messages of one send; each one's error, nil when it was done.
    func perform(batch: [KernelOperation]) -> [KernelError?]

    func links(in ns: NamespaceRef) throws(KernelError) -> [LinkState]
    func routes(in ns: NamespaceRef) throws(KernelError) -> [RouteState]
    /// Every namespace the backend knows, the initial one first.
    func snapshot() -> NetworkState

    /// The end of a cable: a device of the host's initial namespace. A simulated host grows
    /// one (a physical device); a real one must have it.
    func ensurePhysicalDevice(_ name: String) throws(KernelError)
    /// The simulated kernel behind this backend, if it is one (for `reach`).
    var simulation: SimulatedKernel? { get }
}

extension NetworkBackend {
    public func perform(batch: [KernelOperation]) -> [KernelError?] { performOneByOne(batch) }

    public func ensurePhysicalDevice(_ name: String) throws(KernelError) {
        guard try links(in: .initial).contains(where: { $0.name == name }) else {
            throw KernelError(.ENODEV, "this host has no device \"\(name)\" for the cable")
        }
    }

    public var simulation: SimulatedKernel? { nil }
}
