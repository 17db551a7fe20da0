import NetTypes

/// `link add` and `link del`.
extension SimulatedKernel {
    /// The kernel's rules for interface names (`dev_valid_name`): 1-15 bytes, not `.` or `..`,
    /// no `/`, `:` or ASCII whitespace. Too long fails netlink policy validation (ERANGE); the
    /// rest is a bare EINVAL. Other control characters are accepted, as by the kernel.
    func validateName(_ name: String) throws(KernelError) {
        guard name.utf8.count < 16 else { throw KernelError(.ERANGE, "Attribute failed policy validation") }
        let forbidden: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: ":"), 0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]
        if name.isEmpty || name == "." || name == ".." || name.utf8.contains(where: forbidden.contains) {
            throw KernelError(.EINVAL)
        }
    }

    public func addLink(_ spec: LinkSpec, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        try validateName(spec.name)
        guard supportedKinds.contains(spec.kind) else { throw KernelError(.EOPNOTSUPP, "Unknown device type") }
        guard ns.byName[spec.name] == nil else { throw KernelError(.EEXIST) }
        if let mtu = spec.mtu, spec.kind != .macvlan {
            // A veth checks its MTU itself, without the extended message the core gives.
            do { try validateMTU(mtu, kind: spec.kind, parentMTU: nil) } catch {
                throw spec.kind == .veth ? KernelError(error.errno) : error
            }
        }
        if let mac = spec.address { try validateMAC(mac) }
        var device = Device(
            ifindex: 0, name: spec.name, kind: spec.kind, mtu: spec.mtu ?? 1500, mac: spec.address ?? randomMAC())
        device.mtuSetByUser = spec.mtu != nil
        device.macSetByUser = spec.address != nil
        if let master = spec.master { _ = try self.device(master, in: ns) }
        if let index = spec.index, ns.devices[index] != nil { throw KernelError(.EBUSY) }
        switch spec.kind {
        case .veth: try addVeth(device, spec, ns)
        case .macvlan: try addMacvlan(device, spec, ns)
        case .vxlan: try addVxlan(device, spec, ns)
        default:
            device.ifindex = spec.index ?? allocateIndex(in: ns)
            insert(device, into: ns)
        }
        guard let master = spec.master, let index = ns.byName[spec.name] else { return }
        do {
            try enslave(DeviceRef(namespace: ns.id, ifindex: index), to: master, in: ns)
        } catch {
            // The kernel unregisters a device it cannot give its master.
            destroy(DeviceRef(namespace: ns.id, ifindex: index))
            throw error
        }
    }

    /// The index a new device gets: the one asked for (EBUSY when taken) or the next free one.
    func takeIndex(_ requested: Int?, in ns: Namespace) throws(KernelError) -> Int {
        guard let requested else { return allocateIndex(in: ns) }
        guard ns.devices[requested] == nil else { throw KernelError(.EBUSY) }
        return requested
    }

    func addVeth(_ device: Device, _ spec: LinkSpec, _ ns: Namespace) throws(KernelError) {
        let peerNS = try spec.peerNamespace.map { ref throws(KernelError) in try resolve(ref) } ?? ns
        let peerName = spec.peerName ?? nextFreeName("veth", in: peerNS)
        try validateName(peerName)
        guard peerNS.byName[peerName] == nil else { throw KernelError(.EEXIST) }
        if peerNS === ns && peerName == spec.name {
            // The peer is registered first, so its index is used up before the clash is found.
            _ = allocateIndex(in: peerNS)
            throw KernelError(.EEXIST)
        }
        // The MTU given before `type` is the named end's; the peer has its own (default 1500).
        if let mtu = spec.peerMTU {
            do { try validateMTU(mtu, kind: .veth, parentMTU: nil) } catch { throw KernelError(error.errno) }
        }
        if let mac = spec.peerAddress { try validateMAC(mac) }
        var peer = Device(
            ifindex: try takeIndex(spec.peerIndex, in: peerNS), name: peerName, kind: .veth, mtu: spec.peerMTU ?? 1500,
            mac: spec.peerAddress ?? randomMAC())
        peer.mtuSetByUser = spec.peerMTU != nil
        peer.macSetByUser = spec.peerAddress != nil
        peer.isPeerEnd = true
        var mine = device
        if peerNS === ns, spec.index != nil, spec.index == peer.ifindex { throw KernelError(.EBUSY) }
        mine.ifindex = try takeIndex(spec.index, in: ns)
        peer.peer = DeviceRef(namespace: ns.id, ifindex: mine.ifindex)
        mine.peer = DeviceRef(namespace: peerNS.id, ifindex: peer.ifindex)
        insert(peer, into: peerNS)
        insert(mine, into: ns)
    }

    /// `vethN` with the lowest free N, as the kernel names an unnamed peer.
    func nextFreeName(_ stem: String, in ns: Namespace) -> String {
        var n = 0
        while ns.byName["\(stem)\(n)"] != nil { n += 1 }
        return "\(stem)\(n)"
    }

    /// macvlan errors are bare EINVALs: no parent, a loopback parent, an MTU above the
    /// parent's, an unknown mode, a passthru that is not its parent's only macvlan.
    func addMacvlan(_ device: Device, _ spec: LinkSpec, _ ns: Namespace) throws(KernelError) {
        guard let parentName = spec.parent else { throw KernelError(.EINVAL) }
        let parent = try self.device(parentName, in: ns)
        guard parent.kind != .loopback else { throw KernelError(.EINVAL) }
        guard parent.master == nil else { throw KernelError(.EBUSY) }
        let mode = spec.macvlanMode ?? "vepa"
        guard ["private", "vepa", "bridge", "passthru", "source"].contains(mode) else { throw KernelError(.EINVAL) }
        let siblings = parent.children.compactMap { self.device($0) }
        if (mode == "passthru" && !siblings.isEmpty) || siblings.contains(where: { $0.macvlanMode == "passthru" }) {
            throw KernelError(.EINVAL)
        }
        if let mtu = spec.mtu, mtu > parent.mtu || mtu < 68 { throw KernelError(.EINVAL) }
        var mine = device
        mine.mtu = spec.mtu ?? parent.mtu
        mine.macvlanMode = mode
        if mode == "passthru" && spec.address == nil { mine.mac = parent.mac }
        mine.ifindex = try takeIndex(spec.index, in: ns)
        let parentRef = DeviceRef(namespace: ns.id, ifindex: parent.ifindex)
        mine.parent = parentRef
        insert(mine, into: ns)
        update(parentRef) { $0.children.insert(DeviceRef(namespace: ns.id, ifindex: mine.ifindex)) }
    }

    /// A VNI is unique per port and address family in the namespace the vxlan was made in.
    func addVxlan(_ device: Device, _ spec: LinkSpec, _ ns: Namespace) throws(KernelError) {
        guard let config = spec.vxlan else { throw KernelError(.EINVAL, "vxlan needs an id") }
        guard (0..<(1 << 24)).contains(config.id) else {
            throw KernelError(.ERANGE, "VXLAN ID must be lower than 16777216")
        }
        let lower = try config.device.map { name throws(KernelError) in try self.device(name, in: ns) }
        let family = VxlanConfig.family(config)
        let clash = namespaces.values.flatMap { $0.devices.values }.contains {
            $0.vxlanHome == ns.id && $0.vxlan?.id == config.id && $0.vxlan?.port == config.port
                && $0.vxlan.map(VxlanConfig.family) == family
        }
        if clash { throw KernelError(.EEXIST, "A VXLAN device with the specified VNI already exists") }
        var mine = device
        // Over a lower device the MTU leaves room for the VXLAN headers (50 bytes, 70 over IPv6).
        if let lower, spec.mtu == nil { mine.mtu = lower.mtu - (family == 6 ? 70 : 50) }
        mine.vxlan = config
        mine.vxlanHome = ns.id
        mine.ifindex = try takeIndex(spec.index, in: ns)
        insert(mine, into: ns)
    }

    /// A cable's end: a device of the initial namespace; made (a physical device, down) when
    /// missing. Any existing device but loopback and bridges will do (a real host's network
    /// card, or a veth standing in for one).
    public func ensurePhysicalDevice(_ name: String) throws(KernelError) {
        guard let ns = namespaces[0] else { return }
        if let index = ns.byName[name], let kind = ns.devices[index]?.kind {
            guard kind != .loopback && kind != .bridge else {
                throw KernelError(.EINVAL, "\"\(name)\" is a \(kind.rawValue); a cable ends at a network device")
            }
            return
        }
        try validateName(name)
        let device = Device(ifindex: allocateIndex(in: ns), name: name, kind: .device, mtu: 1500, mac: randomMAC())
        insert(device, into: ns)
    }

    public var simulation: SimulatedKernel? { self }

    public func deleteLink(_ name: String, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        let device = try self.device(name, in: ns)
        guard device.kind != .loopback else { throw KernelError(.EOPNOTSUPP) }
        destroy(DeviceRef(namespace: ns.id, ifindex: device.ifindex))
    }

    /// Unregisters a device and what goes with it: a veth's peer, a parent's macvlans, a
    /// bridge's hold on its ports, routes through it.
    func destroy(_ ref: DeviceRef) {
        guard let ns = namespaces[ref.namespace], let device = ns.devices[ref.ifindex] else { return }
        if device.kind == .loopback && ns.id == 0 { return }
        release(ref)
        for port in device.ports { update(DeviceRef(namespace: ns.id, ifindex: port)) { $0.master = nil } }
        if let parent = device.parent { update(parent) { $0.children.remove(ref) } }
        ns.devices[ref.ifindex] = nil
        ns.byName[device.name] = nil
        ns.routes.removeAll { $0.device == ref.ifindex }
        if let origin = device.origin, let tag = currentTag { destroyedOrigins[origin] = tag }
        if let peer = device.peer { destroy(peer) }
        for child in device.children { destroy(child) }
    }

    /// Takes a device out of its bridge, if it is in one.
    func release(_ ref: DeviceRef) {
        guard let master = device(ref)?.master else { return }
        let bridgeRef = DeviceRef(namespace: ref.namespace, ifindex: master)
        update(ref) { $0.master = nil }
        update(bridgeRef) { $0.ports.remove(ref.ifindex) }
        recalculateBridge(bridgeRef)
    }
}
