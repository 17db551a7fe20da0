import NetModel
import NetTypes

/// `link add`, `link set`, `link del` as RTM_NEWLINK and RTM_DELLINK.
extension NetlinkBackend {
    public func addLink(_ spec: LinkSpec, in ns: NamespaceRef) throws(KernelError) {
        try request(.addLink(spec, ns))
    }

    /// The body of the RTM_NEWLINK that creates a device (names already resolved to indexes).
    static func newLink(_ w: inout NetlinkWriter, _ spec: LinkSpec, parent: Int32?, peerFile: Int32?, lower: Int32?) {
        w.ifinfomsg(index: Int32(truncatingIfNeeded: spec.index ?? 0))
        w.attribute(IFLA.ifname, string: spec.name)
        if let mtu = spec.mtu { w.attribute(IFLA.mtu, u32: UInt32(truncatingIfNeeded: mtu)) }
        if let mac = spec.address { w.attribute(IFLA.address, mac.bytes) }
        if let parent { w.attribute(IFLA.link, u32: UInt32(bitPattern: parent)) }
        w.beginNested(IFLA.linkinfo)
        w.attribute(IFLA.infoKind, string: spec.kind.rawValue)
        kindData(&w, spec, peerFile: peerFile, lower: lower)
        w.endNested()
    }

    /// IFLA_INFO_DATA: the veth peer (its own ifinfomsg, name and namespace), the macvlan mode,
    /// the vxlan settings.
    static func kindData(_ w: inout NetlinkWriter, _ spec: LinkSpec, peerFile: Int32?, lower: Int32?) {
        switch spec.kind {
        case .veth:
            guard spec.peerName != nil || peerFile != nil || spec.peerIndex != nil else { return }
            w.beginNested(IFLA.infoData)
            w.beginNested(IFLA.vethPeer)
            w.ifinfomsg(index: Int32(truncatingIfNeeded: spec.peerIndex ?? 0))
            if let peer = spec.peerName { w.attribute(IFLA.ifname, string: peer) }
            if let mtu = spec.peerMTU { w.attribute(IFLA.mtu, u32: UInt32(truncatingIfNeeded: mtu)) }
            if let mac = spec.peerAddress { w.attribute(IFLA.address, mac.bytes) }
            if let peerFile { w.attribute(IFLA.netNsFd, u32: UInt32(bitPattern: peerFile)) }
            w.endNested()
            w.endNested()
        case .macvlan:
            guard let mode = spec.macvlanMode else { return }
            let modes: [String: UInt32] = ["private": 1, "vepa": 2, "bridge": 4, "passthru": 8, "source": 16]
            w.beginNested(IFLA.infoData)
            w.attribute(IFLA.macvlanMode, u32: modes[mode] ?? 0)
            w.endNested()
        case .vxlan:
            guard let config = spec.vxlan else { return }
            w.beginNested(IFLA.infoData)
            w.attribute(IFLA.vxlanID, u32: UInt32(truncatingIfNeeded: config.id))
            w.attribute(IFLA.vxlanPort, be16: UInt16(truncatingIfNeeded: config.port))
            if let local = config.local {
                w.attribute(local.family == 4 ? IFLA.vxlanLocal : IFLA.vxlanLocal6, address: local)
            }
            if let remote = config.remote ?? config.group {
                w.attribute(remote.family == 4 ? IFLA.vxlanGroup : IFLA.vxlanGroup6, address: remote)
            }
            if let lower { w.attribute(IFLA.vxlanLink, u32: UInt32(bitPattern: lower)) }
            w.endNested()
        default:
            break
        }
    }

    public func deleteLink(_ name: String, in ns: NamespaceRef) throws(KernelError) {
        try request(.deleteLink(LinkTarget(name), ns))
    }

    /// All settings in one RTM_NEWLINK, as ip sends them; the kernel applies them in its order.
    public func setLink(_ name: String, _ changes: [LinkChange], in ns: NamespaceRef) throws(KernelError) {
        try request(.setLink(LinkTarget(name), changes, masterIndex: nil, ns))
    }

    /// The body of the RTM_NEWLINK that changes a device: every setting in one message.
    static func setLink(
        _ w: inout NetlinkWriter, index: Int32, _ changes: [LinkChange], master: UInt32?, target: Int32?
    ) {
        let up = changes.last { $0 == .up || $0 == .down }
        w.ifinfomsg(index: index, flags: up == .up ? IFF.up : 0, change: up == nil ? 0 : IFF.up)
        if let target { w.attribute(IFLA.netNsFd, u32: UInt32(bitPattern: target)) }
        for change in changes {
            switch change {
            case .address(let mac): w.attribute(IFLA.address, mac.bytes)
            case .mtu(let mtu): w.attribute(IFLA.mtu, u32: UInt32(truncatingIfNeeded: mtu))
            case .name(let new): w.attribute(IFLA.ifname, string: new)
            case .newIndex(let index): w.attribute(IFLA.newIfindex, u32: UInt32(truncatingIfNeeded: index))
            default: break
            }
        }
        if let master { w.attribute(IFLA.master, u32: master) }
    }
}
