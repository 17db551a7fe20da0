/// Numbers from the kernel's uapi headers (linux/netlink.h, rtnetlink.h, if_link.h, if_addr.h,
/// veth.h, if_arp.h). They are ABI: they never change.
enum NL {
    // nlmsghdr types and flags
    static let noop: UInt16 = 1
    static let error: UInt16 = 2
    static let done: UInt16 = 3
    static let request: UInt16 = 0x1
    static let multi: UInt16 = 0x2
    static let ack: UInt16 = 0x4
    static let dumpInterrupted: UInt16 = 0x10
    static let dump: UInt16 = 0x300
    static let replace: UInt16 = 0x100
    static let exclusive: UInt16 = 0x200
    static let create: UInt16 = 0x400
    /// In an NLMSG_ERROR: the message carries extended-ack attributes.
    static let ackTLVs: UInt16 = 0x200
    /// In an NLMSG_ERROR: the original request is not echoed back.
    static let capped: UInt16 = 0x100

    // socket options (SOL_NETLINK)
    static let solNetlink: Int32 = 270
    static let capAck: Int32 = 10
    static let extAck: Int32 = 11
    static let getStrictChk: Int32 = 12

    // NLMSGERR_ATTR_*
    static let errMsg: UInt16 = 1
    static let errOffset: UInt16 = 2
}

enum RTM {
    static let newLink: UInt16 = 16
    static let delLink: UInt16 = 17
    static let getLink: UInt16 = 18
    static let newAddr: UInt16 = 20
    static let delAddr: UInt16 = 21
    static let getAddr: UInt16 = 22
    static let newRoute: UInt16 = 24
    static let delRoute: UInt16 = 25
    static let getRoute: UInt16 = 26
    static let newNSID: UInt16 = 88
    static let getNSID: UInt16 = 90
    static let getNetconf: UInt16 = 82
}

enum IFLA {
    static let address: UInt16 = 1
    static let broadcast: UInt16 = 2
    static let ifname: UInt16 = 3
    static let mtu: UInt16 = 4
    static let link: UInt16 = 5
    static let master: UInt16 = 10
    static let operstate: UInt16 = 16
    static let linkinfo: UInt16 = 18
    static let netNsPid: UInt16 = 19
    static let netNsFd: UInt16 = 28
    static let linkNetnsid: UInt16 = 37
    static let newIfindex: UInt16 = 49
    static let extMask: UInt16 = 29
    /// RTEXT_FILTER_SKIP_STATS: link dumps without the counters.
    static let skipStats: UInt32 = 1 << 3
    static let infoKind: UInt16 = 1
    static let infoData: UInt16 = 2
    static let vethPeer: UInt16 = 1
    static let macvlanMode: UInt16 = 1
    static let vxlanID: UInt16 = 1
    static let vxlanGroup: UInt16 = 2
    static let vxlanLink: UInt16 = 3
    static let vxlanLocal: UInt16 = 4
    static let vxlanPort: UInt16 = 15
    static let vxlanGroup6: UInt16 = 16
    static let vxlanLocal6: UInt16 = 17
}

enum IFA {
    static let address: UInt16 = 1
    static let local: UInt16 = 2
}

enum RTA {
    static let dst: UInt16 = 1
    static let oif: UInt16 = 4
    static let gateway: UInt16 = 5
    static let priority: UInt16 = 6
    static let prefsrc: UInt16 = 7
    static let table: UInt16 = 15
}

/// RTM_GETNETCONF: a family's forwarding switch for "all" devices (net.ipv4.ip_forward is
/// net.ipv4.conf.all.forwarding).
enum NETCONFA {
    static let ifindex: UInt16 = 1
    static let forwarding: UInt16 = 2
    static let ifindexAll: Int32 = -1
}

enum NETNSA {
    static let nsid: UInt16 = 1
    static let fd: UInt16 = 3
}

enum IFF {
    static let up: UInt32 = 0x1
    static let broadcast: UInt32 = 0x2
    static let loopback: UInt32 = 0x8
    static let pointopoint: UInt32 = 0x10
    static let noarp: UInt32 = 0x80
    static let multicast: UInt32 = 0x1000
    static let lowerUp: UInt32 = 0x10000
}

enum RT {
    static let tableMain: UInt8 = 254
    static let protoKernel: UInt8 = 2
    static let protoBoot: UInt8 = 3
    static let scopeUniverse: UInt8 = 0
    static let scopeLink: UInt8 = 253
    static let scopeHost: UInt8 = 254
    static let typeUnicast: UInt8 = 1
}

enum AF {
    static let unspec: UInt8 = 0
    static let inet: UInt8 = 2
    static let inet6: UInt8 = 10
}
