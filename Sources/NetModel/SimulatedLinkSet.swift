import NetTypes

/// `link set`: the settings are applied in the kernel's order, and the ones before a failing
/// one stay applied, as with the kernel's own `do_setlink`.
extension SimulatedKernel {
    public func setLink(_ name: String, _ changes: [LinkChange], in ref: NamespaceRef) throws(KernelError) {
        var ns = try resolve(ref)
        var current = try device(name, in: ns)
        // Names are looked up before anything is sent, as ip(8) and the netlink backend do.
        for change in changes {
            if case .master(let bridge) = change { _ = try device(bridge, in: ns) }
            if case .namespace(let target) = change { _ = try resolve(target) }
        }
        let ordered = changes.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
        let newName = changes.compactMap { if case .name(let n) = $0 { n } else { nil } }.last
        let newIndex = changes.compactMap { if case .newIndex(let i) = $0 { i } else { nil } }.last
        for (_, change) in ordered {
            let here = DeviceRef(namespace: ns.id, ifindex: current.ifindex)
            switch change {
            case .namespace(let target):
                let moved = try move(here, to: try resolve(target), newName: newName, newIndex: newIndex)
                ns = moved.0
                current = moved.1
                continue
            case .newIndex: continue
            case .address(let mac): try setMAC(here, mac)
            case .mtu(let mtu): try setMTU(here, mtu)
            case .name(let name): try rename(here, to: name, in: ns)
            case .master(let bridge): try enslave(here, to: bridge, in: ns)
            case .noMaster: release(here)
            case .up: setAdmin(here, up: true)
            case .down: setAdmin(here, up: false)
            }
            current = device(here) ?? current
        }
    }

    func validateMAC(_ mac: MACAddress) throws(KernelError) {
        guard mac.value != 0, !mac.isMulticast else { throw KernelError(.EADDRNOTAVAIL) }
    }

    func validateMTU(_ mtu: Int, kind: LinkKind, parentMTU: Int?) throws(KernelError) {
        if kind == .loopback { return }
        guard mtu >= 68 else { throw KernelError(.EINVAL, "mtu less than device minimum") }
        guard mtu <= (parentMTU ?? 65535) else { throw KernelError(.EINVAL, "mtu greater than device maximum") }
    }

    func setMAC(_ ref: DeviceRef, _ mac: MACAddress) throws(KernelError) {
        guard let device = device(ref) else { return }
        try validateMAC(mac)
        update(ref) {
            $0.mac = mac
            $0.macSetByUser = true
        }
        if let master = device.master { recalculateBridge(DeviceRef(namespace: ref.namespace, ifindex: master)) }
    }

    /// A macvlan may not exceed its parent (a bare EINVAL); lowering a parent's MTU lowers
    /// its macvlans' with it.
    func setMTU(_ ref: DeviceRef, _ mtu: Int) throws(KernelError) {
        guard let device = device(ref) else { return }
        if device.kind == .macvlan {
            let parentMTU = device.parent.flatMap { self.device($0)?.mtu } ?? 65535
            guard (68...parentMTU).contains(mtu) else { throw KernelError(.EINVAL) }
        } else {
            try validateMTU(mtu, kind: device.kind, parentMTU: nil)
        }
        update(ref) {
            $0.mtu = mtu
            $0.mtuSetByUser = true
        }
        for child in device.children { update(child) { $0.mtu = min($0.mtu, mtu) } }
        if let master = device.master { recalculateBridge(DeviceRef(namespace: ref.namespace, ifindex: master)) }
    }

    func rename(_ ref: DeviceRef, to name: String, in ns: Namespace) throws(KernelError) {
        guard let device = device(ref), device.name != name else { return }
        try validateName(name)
        guard ns.byName[name] == nil else { throw KernelError(.EEXIST) }
        ns.byName[device.name] = nil
        ns.byName[name] = ref.ifindex
        update(ref) { $0.name = name }
    }

    func enslave(_ ref: DeviceRef, to bridgeName: String, in ns: Namespace) throws(KernelError) {
        guard let port = device(ref) else { return }
        let bridge = try device(bridgeName, in: ns)
        if port.master == bridge.ifindex { return }
        guard bridge.kind == .bridge else { throw KernelError(.EOPNOTSUPP) }
        if port.kind == .bridge { throw KernelError(.ELOOP, "Can not enslave a bridge to a bridge") }
        if port.kind == .loopback { throw KernelError(.EINVAL) }
        if !port.children.isEmpty { throw KernelError(.EBUSY) }
        release(ref)
        let bridgeRef = DeviceRef(namespace: ns.id, ifindex: bridge.ifindex)
        update(ref) { $0.master = bridge.ifindex }
        update(bridgeRef) { b in
            // Adding a port can only lower the minimum: no need to look at the others.
            let first = b.ports.isEmpty
            b.ports.insert(ref.ifindex)
            b.hadPorts = true
            if !b.macSetByUser { b.mac = first ? port.mac : min(b.mac, port.mac) }
            if !b.mtuSetByUser { b.mtu = first ? port.mtu : min(b.mtu, port.mtu) }
        }
    }

    /// A bridge takes the lowest MAC of its ports and the lowest MTU of its ports, unless the
    /// user set its own.
    func recalculateBridge(_ ref: DeviceRef) {
        guard let bridge = device(ref), bridge.kind == .bridge else { return }
        let ports = bridge.ports.compactMap { device(DeviceRef(namespace: ref.namespace, ifindex: $0)) }
        update(ref) { b in
            // With no ports left the kernel's minimum falls back to 1500 and the MAC to zeros.
            if !b.macSetByUser { b.mac = ports.map(\.mac).min() ?? MACAddress(truncating: 0) }
            if !b.mtuSetByUser { b.mtu = ports.map(\.mtu).min() ?? 1500 }
        }
    }

    func setAdmin(_ ref: DeviceRef, up: Bool) {
        guard let device = device(ref), device.adminUp != up, let ns = namespaces[ref.namespace] else { return }
        update(ref) { $0.adminUp = up }
        if up {
            if device.kind == .loopback { addLoopbackAddresses(ref) }
            for address in device.addresses { addConnectedRoute(address, ref, ns) }
        } else {
            ns.routes.removeAll { $0.device == ref.ifindex }
            update(ref) { $0.addresses.removeAll { $0.prefix.address.family == 6 } }
        }
    }

    func addLoopbackAddresses(_ ref: DeviceRef) {
        let defaults = [IPPrefix("127.0.0.1/8"), IPPrefix("::1/128")].compactMap { $0 }
        update(ref) { lo in
            for prefix in defaults where !lo.addresses.contains(where: { $0.prefix == prefix }) {
                lo.addresses.append(InterfaceAddress(prefix: prefix))
            }
        }
    }

    /// Moves a device to another namespace: it goes down, loses its addresses, routes and
    /// bridge, and keeps its ifindex if that is free there. Loopback and bridges cannot move.
    func move(_ ref: DeviceRef, to target: Namespace, newName: String?, newIndex: Int? = nil) throws(KernelError) -> (
        Namespace, Device
    ) {
        guard let source = namespaces[ref.namespace], let device = device(ref) else { throw .noDevice("") }
        if target === source { return (source, device) }
        if device.kind == .loopback || device.kind == .bridge {
            throw KernelError(.EINVAL, "The interface netns is immutable")
        }
        let name = newName ?? device.name
        if newName != nil { try validateName(name) }
        guard target.byName[name] == nil else {
            throw KernelError(.EEXIST, "An interface with the same name exists in the target netns")
        }
        if let newIndex, target.devices[newIndex] != nil { throw KernelError(.EBUSY) }
        setAdmin(ref, up: false)
        release(ref)
        var moved = self.device(ref) ?? device
        source.devices[ref.ifindex] = nil
        source.byName[device.name] = nil
        moved.name = name
        moved.addresses = []
        if let newIndex {
            moved.ifindex = newIndex
        } else if target.devices[moved.ifindex] != nil {
            moved.ifindex = allocateIndex(in: target)
        }
        insert(moved, into: target)
        relink(from: ref, to: DeviceRef(namespace: target.id, ifindex: moved.ifindex), moved)
        return (target, moved)
    }

    /// Points a moved device's peer, parent and children at its new identity.
    func relink(from old: DeviceRef, to new: DeviceRef, _ device: Device) {
        if let peer = device.peer { update(peer) { $0.peer = new } }
        if let parent = device.parent {
            update(parent) {
                $0.children.remove(old)
                $0.children.insert(new)
            }
        }
        for child in device.children { update(child) { $0.parent = new } }
    }
}
