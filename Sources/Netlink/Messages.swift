import NetTypes

/// The fixed headers that follow the netlink header in rtnetlink messages.
extension NetlinkWriter {
    /// struct ifinfomsg: family, pad, type, index, flags, change.
    mutating func ifinfomsg(index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        u8(AF.unspec)
        u8(0)
        u16(0)
        i32(index)
        u32(flags)
        u32(change)
    }

    /// struct ifaddrmsg: family, prefixlen, flags, scope, index.
    mutating func ifaddrmsg(family: UInt8, prefixLength: UInt8, scope: UInt8, index: UInt32) {
        u8(family)
        u8(prefixLength)
        u8(0)
        u8(scope)
        u32(index)
    }

    /// struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags.
    mutating func rtmsg(family: UInt8, destinationLength: UInt8, proto: UInt8, scope: UInt8, type: UInt8) {
        u8(family)
        u8(destinationLength)
        u8(0)
        u8(0)
        u8(RT.tableMain)
        u8(proto)
        u8(scope)
        u8(type)
        u32(0)
    }

    mutating func attribute(_ type: UInt16, address: IPAddress) {
        switch address {
        case .v4(let a): attribute(type, a.bytes)
        case .v6(let a): attribute(type, a.bytes)
        }
    }
}

extension IPAddress {
    var netlinkFamily: UInt8 { family == 4 ? AF.inet : AF.inet6 }

    /// An address from an attribute's bytes: 4 for IPv4, 16 for IPv6.
    init?(netlink bytes: ArraySlice<UInt8>) {
        let b = Array(bytes)
        switch b.count {
        case 4: self = .v4(IPv4Address(b[0], b[1], b[2], b[3]))
        case 16: self = .v6(IPv6Address(b.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }))
        default: return nil
        }
    }
}

/// The parsed fixed header of a link message.
struct LinkHeader {
    var index: Int32
    var flags: UInt32

    init?(_ reader: inout NetlinkReader) {
        guard reader.skip(4), let index = reader.i32(), let flags = reader.u32(), reader.skip(4) else { return nil }
        self.index = index
        self.flags = flags
    }
}

/// The parsed fixed header of an address message.
struct AddressHeader {
    var family: UInt8
    var prefixLength: UInt8
    var scope: UInt8
    var index: UInt32

    init?(_ reader: inout NetlinkReader) {
        guard let family = reader.u8(), let prefixLength = reader.u8(), reader.skip(1), let scope = reader.u8(),
            let index = reader.u32()
        else { return nil }
        self.family = family
        self.prefixLength = prefixLength
        self.scope = scope
        self.index = index
    }
}

/// The parsed fixed header of a route message.
struct RouteHeader {
    var family: UInt8
    var destinationLength: UInt8
    var table: UInt8
    var proto: UInt8
    var scope: UInt8
    var type: UInt8

    init?(_ reader: inout NetlinkReader) {
        guard let family = reader.u8(), let destinationLength = reader.u8(), reader.skip(2), let table = reader.u8(),
            let proto = reader.u8(), let scope = reader.u8(), let type = reader.u8(), reader.skip(4)
        else { return nil }
        self.family = family
        self.destinationLength = destinationLength
        self.table = table
        self.proto = proto
        self.scope = scope
        self.type = type
    }
}
