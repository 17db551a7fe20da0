import NetTypes

/// An in-memory, deterministic kernel that behaves like Linux for everything the network
/// commands can do, so that a dry run fails exactly where the real apply would fail.
///
/// ifindex allocation follows the kernel: each namespace has its own counter that only grows
/// (`lo` is 1), a veth's peer is registered first and so gets the lower index, and a device moved
/// to another namespace keeps its index there unless that index is taken. MAC addresses that
/// nobody sets come from a seeded generator, so every run gives the same ones.
public final class SimulatedKernel: NetworkBackend {
    /// A device's identity across namespaces.
    struct DeviceRef: Hashable {
        var namespace: Int
        var ifindex: Int
    }

    struct Device {
        var ifindex: Int
        var name: String
        var kind: LinkKind
        var mtu: Int
        var mtuSetByUser = false
        var mac: MACAddress
        var macSetByUser = false
        var adminUp = false
        var master: Int?
        var ports: Set<Int> = []
        /// A bridge that never had a port keeps the carrier a new device starts with.
        var hadPorts = false
        var addresses: [InterfaceAddress] = []
        var peer: DeviceRef?
        var parent: DeviceRef?
        var children: Set<DeviceRef> = []
        var macvlanMode: String?
        var vxlan: VxlanConfig?
        /// The namespace a vxlan was created in: its VNI must be unique there.
        var vxlanHome: Int?
        /// Identity for plans: a number never reused, the live device a restored one stands for,
        /// the statements that created and last changed it, and which end of a veth was named.
        var serial = 0
        var origin: LinkOrigin?
        var createdTag: Int?
        var lastTag: Int?
        var isPeerEnd = false
        var addressTags: [IPPrefix: Int] = [:]
    }

    struct Route {
        var destination: IPPrefix?
        var family: Int
        var gateway: IPAddress?
        var device: Int
        var metric: Int
        var proto: String
        var scope: String
        var preferredSource: IPAddress?
        /// The statement that added the route (for plans).
        var tag: Int?
    }

    final class Namespace {
        let id: Int
        var name: String?
        var pid: Int?
        var devices: [Int: Device] = [:]
        var byName: [String: Int] = [:]
        var routes: [Route] = []
        var lastIndex = 0
        var sysctls = Sysctls.defaults
        var sysctlTags: [String: Int] = [:]

        init(id: Int, name: String?, pid: Int? = nil) {
            self.id = id
            self.name = name
            self.pid = pid
        }
    }

    var namespaces: [Int: Namespace] = [:]
    var named: [String: Int] = [:]
    var pids: [Int: Int] = [:]
    var nextNamespaceID = 0
    var macCounter: UInt64 = 0
    var nextSerial = 1
    /// The statement the current call comes from, stamped on what it creates or changes (an
    /// opaque number the planner hands back; nil outside plans).
    public var currentTag: Int?
    /// The statement that destroyed each restored device, by where it was in the snapshot.
    var destroyedOrigins: [LinkOrigin: Int] = [:]
    let seed: UInt64
    /// Device kinds this kernel can create; others fail as a kernel without the module would.
    public var supportedKinds: Set<LinkKind> = [.veth, .bridge, .macvlan, .vxlan]

    public init(seed: UInt64 = 0) {
        self.seed = seed
        _ = makeNamespace(name: nil)
    }

    /// Declares a running container: a namespace of its own reached through `netns pid PID`.
    public func addContainer(pid: Int) {
        guard pids[pid] == nil else { return }
        pids[pid] = makeNamespace(name: nil, pid: pid).id
    }

    func makeNamespace(name: String?, pid: Int? = nil) -> Namespace {
        let ns = Namespace(id: nextNamespaceID, name: name, pid: pid)
        nextNamespaceID += 1
        namespaces[ns.id] = ns
        let lo = Device(
            ifindex: allocateIndex(in: ns), name: "lo", kind: .loopback, mtu: 65536, mac: MACAddress(truncating: 0))
        insert(lo, into: ns)
        return ns
    }

    // MARK: - Namespaces

    public func addNamespace(_ name: String) throws(KernelError) {
        try validateNamespaceName(name)
        guard named[name] == nil else {
            throw KernelError(.EEXIST, "Cannot create namespace file \"/run/netns/\(name)\": File exists")
        }
        named[name] = makeNamespace(name: name).id
    }

    public func deleteNamespace(_ name: String) throws(KernelError) {
        guard let id = named[name], let ns = namespaces[id] else {
            throw KernelError(.ENOENT, "Cannot remove namespace file \"/run/netns/\(name)\": No such file or directory")
        }
        for ifindex in ns.devices.keys.sorted() where ns.devices[ifindex] != nil {
            destroy(DeviceRef(namespace: id, ifindex: ifindex))
        }
        named[name] = nil
        namespaces[id] = nil
    }

    public func namespaceNames() -> [String] { named.keys.sorted() }

    public func checkNamespace(_ ref: NamespaceRef) throws(KernelError) {
        _ = try resolve(ref)
    }

    func validateNamespaceName(_ name: String) throws(KernelError) {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), name.utf8.count <= 255 else {
            throw KernelError(.EINVAL, "Invalid netns name \"\(name)\"")
        }
    }

    func resolve(_ ref: NamespaceRef) throws(KernelError) -> Namespace {
        let id: Int?
        switch ref {
        case .initial: id = 0
        case .named(let name): id = named[name]
        case .pid(let pid): id = pids[pid]
        case .path(let path): id = namespaceID(atPath: path)
        }
        guard let id, let ns = namespaces[id] else { throw missingNamespace(ref) }
        return ns
    }

    func missingNamespace(_ ref: NamespaceRef) -> KernelError {
        switch ref {
        case .pid(let pid): return KernelError(.ENOENT, "Cannot open network namespace \"/proc/\(pid)/ns/net\"")
        case .path(let path): return KernelError(.ENOENT, "Cannot open network namespace \"\(path)\"")
        default: return KernelError(.ENOENT, "Cannot open network namespace \"\(ref)\"")
        }
    }

    /// `/run/netns/NAME`, `/proc/PID/ns/net` and `/proc/self/ns/net`.
    func namespaceID(atPath path: String) -> Int? {
        if path.hasPrefix("/run/netns/") { return named[String(path.dropFirst("/run/netns/".count))] }
        // A namespace restored from a snapshot under its path (found live by `netns path P`).
        if let id = named[path] { return id }
        let parts = path.split(separator: "/")
        guard parts.count == 4, parts[0] == "proc", parts[2] == "ns", parts[3] == "net" else { return nil }
        if parts[1] == "self" { return 0 }
        return Int(parts[1]).flatMap { pids[$0] }
    }

    /// How a command names a namespace of this kernel.
    func ref(_ ns: Namespace) -> NamespaceRef { NamespaceRef(stateName: displayName(ns)) }

    /// The name a namespace has in the state format: nil for the initial one.
    func displayName(_ ns: Namespace) -> String? {
        if ns.id == 0 { return nil }
        return ns.name ?? ns.pid.map { "pid:\($0)" }
    }

    // MARK: - Devices

    /// The next free index of the namespace's counter.
    func allocateIndex(in ns: Namespace) -> Int {
        repeat { ns.lastIndex += 1 } while ns.devices[ns.lastIndex] != nil
        return ns.lastIndex
    }

    func insert(_ device: Device, into ns: Namespace) {
        var device = device
        if device.serial == 0 {
            device.serial = nextSerial
            nextSerial += 1
            device.createdTag = currentTag
        }
        device.lastTag = currentTag ?? device.lastTag
        ns.devices[device.ifindex] = device
        ns.byName[device.name] = device.ifindex
    }

    func device(_ name: String, in ns: Namespace) throws(KernelError) -> Device {
        guard let index = ns.byName[name], let device = ns.devices[index] else { throw .noDevice(name) }
        return device
    }

    func device(_ ref: DeviceRef) -> Device? {
        namespaces[ref.namespace]?.devices[ref.ifindex]
    }

    /// Changes a device in place. Taking it out of the table first keeps its sets uniquely
    /// referenced, so adding the 10,000th port to a bridge does not copy the other 9,999.
    func update(_ ref: DeviceRef, _ change: (inout Device) -> Void) {
        guard let ns = namespaces[ref.namespace], var device = ns.devices.removeValue(forKey: ref.ifindex) else {
            return
        }
        change(&device)
        device.lastTag = currentTag ?? device.lastTag
        ns.devices[ref.ifindex] = device
    }

    /// A locally administered unicast MAC from the seeded sequence.
    func randomMAC() -> MACAddress {
        macCounter += 1
        var z = seed &+ macCounter &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let value = (z & 0xfcff_ffff_ffff) | 0x0200_0000_0000
        return MACAddress(truncating: value)
    }
}
