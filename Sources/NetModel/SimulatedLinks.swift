import NetTypes

/// `link add` and `link del`.
extension SimulatedKernel {
    /// The kernel's rules for interface names: 1-15 bytes, not `.` or `..`, no `/`, `:` or
    /// whitespace. Too long fails netlink policy validation (ERANGE); the rest is EINVAL.
    func validateName(_ name: String) throws(KernelError) {
        guard name.utf8.count < 16 else { throw KernelError(.ERANGE, "Attribute failed policy validation") }
        let bad =
            name.isEmpty || name == "." || name == ".."
            || name.unicodeScalars.contains {
                $0 == "/" || $0 == ":" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f
            }
        if bad { throw KernelError(.EINVAL, "invalid interface name \"\(name)\"") }
    }

    public func addLink(_ spec: LinkSpec, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        try validateName(spec.name)
        guard supportedKinds.contains(spec.kind) else {
            throw KernelError(.EOPNOTSUPP, "Unknown device type \"\(spec.kind.rawValue)\"")
        }
        guard ns.byName[spec.name] == nil else { throw KernelError(.EEXIST) }
        if let mtu = spec.mtu { try validateMTU(mtu, kind: spec.kind, parentMTU: nil) }
        if let mac = spec.address { try validateMAC(mac) }
        var device = Device(
            ifindex: 0, name: spec.name, kind: spec.kind, mtu: spec.mtu ?? 1500, mac: spec.address ?? randomMAC())
        device.mtuSetByUser = spec.mtu != nil
        device.macSetByUser = spec.address != nil
        switch spec.kind {
        case .veth: try addVeth(device, spec, ns)
        case .macvlan: try addMacvlan(device, spec, ns)
        case .vxlan: try addVxlan(device, spec, ns)
        default:
            device.ifindex = allocateIndex(in: ns)
            insert(device, into: ns)
        }
    }

    func addVeth(_ device: Device, _ spec: LinkSpec, _ ns: Namespace) throws(KernelError) {
        let peerNS = try spec.peerNamespace.map { ref throws(KernelError) in try resolve(ref) } ?? ns
        let peerName = spec.peerName ?? nextFreeName("veth", in: peerNS)
        try validateName(peerName)
        guard peerNS.byName[peerName] == nil, !(peerNS === ns && peerName == spec.name) else {
            throw KernelError(.EEXIST)
        }
        var peer = Device(
            ifindex: allocateIndex(in: peerNS), name: peerName, kind: .veth, mtu: device.mtu, mac: randomMAC())
        var mine = device
        mine.ifindex = allocateIndex(in: ns)
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

    func addMacvlan(_ device: Device, _ spec: LinkSpec, _ ns: Namespace) throws(KernelError) {
        guard let parentName = spec.parent else {
            throw KernelError(.EINVAL, "macvlan needs a parent device (link DEV)")
        }
        let parent = try self.device(parentName, in: ns)
        guard parent.kind != .loopback else { throw KernelError(.EINVAL) }
        guard parent.master == nil else { throw KernelError(.EBUSY) }
        let mode = spec.macvlanMode ?? "vepa"
        guard ["private", "vepa", "bridge", "passthru", "source"].contains(mode) else {
            throw KernelError(.EINVAL, "invalid macvlan mode \"\(mode)\"")
        }
        if let mtu = spec.mtu, mtu > parent.mtu { throw KernelError(.EINVAL, "mtu greater than device maximum") }
        var mine = device
        mine.mtu = spec.mtu ?? parent.mtu
        mine.macvlanMode = mode
        mine.ifindex = allocateIndex(in: ns)
        let parentRef = DeviceRef(namespace: ns.id, ifindex: parent.ifindex)
        mine.parent = parentRef
        insert(mine, into: ns)
        update(parentRef) { $0.children.insert(DeviceRef(namespace: ns.id, ifindex: mine.ifindex)) }
    }

    func addVxlan(_ device: Device, _ spec: LinkSpec, _ ns: Namespace) throws(KernelError) {
        guard let config = spec.vxlan else { throw KernelError(.EINVAL, "vxlan needs an id") }
        guard (0..<(1 << 24)).contains(config.id) else {
            throw KernelError(.ERANGE, "VXLAN ID must be lower than 16777216")
        }
        if let dev = config.device { _ = try self.device(dev, in: ns) }
        let clash = namespaces.values.flatMap { $0.devices.values }.contains {
            $0.vxlanHome == ns.id && $0.vxlan?.id == config.id && $0.vxlan?.port == config.port
        }
        if clash { throw KernelError(.EEXIST, "A VXLAN device with the specified VNI already exists") }
        var mine = device
        mine.vxlan = config
        mine.vxlanHome = ns.id
        mine.ifindex = allocateIndex(in: ns)
        insert(mine, into: ns)
    }

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
