import NetModel
import NetTypes
import XCTest

@testable import Netlink

/// The encoder against annotated hex fixtures: each line is some bytes and what they are. The
/// layouts follow linux/netlink.h, rtnetlink.h and if_link.h (little-endian x86_64).
final class EncodingTests: XCTestCase {
    /// Hex digits from an annotated fixture; `//` starts a comment.
    static func hex(_ fixture: String) -> [UInt8] {
        fixture.split(separator: "\n").flatMap { line -> [UInt8] in
            let code = line.components(separatedBy: "//")[0]
            return code.split(separator: " ").compactMap { UInt8($0, radix: 16) }
        }
    }

    func message(_ type: UInt16, _ flags: UInt16, _ body: (inout NetlinkWriter) -> Void) -> [UInt8] {
        var w = NetlinkWriter(type: type, flags: flags, sequence: 1)
        body(&w)
        return w.finish()
    }

    static let createFlags = NL.request | NL.ack | NL.create | NL.exclusive

    func testBridge() {
        let spec = LinkSpec(name: "br0", kind: .bridge)
        let bytes = message(RTM.newLink, Self.createFlags) {
            NetlinkBackend.newLink(&$0, spec, parent: nil, peerFile: nil, lower: nil)
        }
        XCTAssertEqual(
            bytes,
            Self.hex(
                """
                38 00 00 00  10 00  05 06  01 00 00 00  00 00 00 00   // nlmsghdr: len 56, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, seq 1, pid 0
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   // ifinfomsg: AF_UNSPEC, index 0, flags 0, change 0
                08 00 03 00  62 72 30 00                             // IFLA_IFNAME "br0\\0"
                10 00 12 00                                          // IFLA_LINKINFO, 16 bytes
                0b 00 01 00  62 72 69 64 67 65 00  00                //   IFLA_INFO_KIND "bridge\\0", 1 byte of padding
                """))
    }

    func testVethWithItsPeerInAnotherNamespace() {
        var spec = LinkSpec(name: "A1", kind: .veth)
        spec.peerName = "eth0"
        let bytes = message(RTM.newLink, Self.createFlags) {
            NetlinkBackend.newLink(&$0, spec, parent: nil, peerFile: 7, lower: nil)
        }
        XCTAssertEqual(
            bytes,
            Self.hex(
                """
                64 00 00 00  10 00  05 06  01 00 00 00  00 00 00 00   // nlmsghdr: len 100, RTM_NEWLINK
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   // ifinfomsg
                07 00 03 00  41 31 00  00                            // IFLA_IFNAME "A1\\0" + 1 pad
                3c 00 12 00                                          // IFLA_LINKINFO, 60 bytes
                09 00 01 00  76 65 74 68 00  00 00 00                //   IFLA_INFO_KIND "veth\\0" + 3 pad
                2c 00 02 00                                          //   IFLA_INFO_DATA, 44 bytes
                28 00 01 00                                          //     VETH_INFO_PEER, 40 bytes
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   //       the peer's ifinfomsg
                09 00 03 00  65 74 68 30 00  00 00 00                //       IFLA_IFNAME "eth0\\0" + 3 pad
                08 00 1c 00  07 00 00 00                             //       IFLA_NET_NS_FD 7
                """))
    }

    func testLinkSetPutsEverySettingInOneMessage() {
        let bytes = message(RTM.newLink, NL.request | NL.ack) {
            NetlinkBackend.setLink(
                &$0, index: 5, [.name("eth0"), .mtu(9000), .up], master: 2, target: nil)
        }
        XCTAssertEqual(
            bytes,
            Self.hex(
                """
                3c 00 00 00  10 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 60, RTM_NEWLINK, REQUEST|ACK
                00 00 00 00  05 00 00 00  01 00 00 00  01 00 00 00   // ifinfomsg: index 5, flags IFF_UP, change IFF_UP
                09 00 03 00  65 74 68 30 00  00 00 00                // IFLA_IFNAME "eth0\\0" (the new name)
                08 00 04 00  28 23 00 00                             // IFLA_MTU 9000
                08 00 0a 00  02 00 00 00                             // IFLA_MASTER 2
                """))
    }

    func testAddressAdd() throws {
        let prefix = try XCTUnwrap(IPPrefix("10.3.16.11/20"))
        let bytes = message(RTM.newAddr, Self.createFlags) {
            NetlinkBackend.address(&$0, prefix, index: 3, wildcard: false)
        }
        XCTAssertEqual(
            bytes,
            Self.hex(
                """
                28 00 00 00  14 00  05 06  01 00 00 00  00 00 00 00   // nlmsghdr: len 40, RTM_NEWADDR
                02  14  00  00  03 00 00 00                          // ifaddrmsg: AF_INET, /20, flags 0, scope universe, index 3
                08 00 02 00  0a 03 10 0b                             // IFA_LOCAL 10.3.16.11
                08 00 01 00  0a 03 10 0b                             // IFA_ADDRESS 10.3.16.11
                """))
    }

    func testBareAddressDeleteIsAWildcard() throws {
        let prefix = IPPrefix.host(try XCTUnwrap(IPAddress("10.3.16.11")))
        let bytes = message(RTM.delAddr, NL.request | NL.ack) {
            NetlinkBackend.address(&$0, prefix, index: 3, wildcard: true)
        }
        XCTAssertEqual(bytes.count, 32, "no IFA_ADDRESS, so the kernel ignores the length")
        XCTAssertEqual(Array(bytes[16...]), Self.hex("02 20 00 00 03 00 00 00  08 00 02 00 0a 03 10 0b"))
    }

    func testDefaultRoute() throws {
        let spec = RouteSpec(destination: nil, gateway: try XCTUnwrap(IPAddress("10.3.16.1")))
        let bytes = message(RTM.newRoute, Self.createFlags) { w in
            NetlinkBackend.route(&w, spec, device: nil, adding: true)
        }
        XCTAssertEqual(
            bytes,
            Self.hex(
                """
                24 00 00 00  18 00  05 06  01 00 00 00  00 00 00 00   // nlmsghdr: len 36, RTM_NEWROUTE
                02 00 00 00  fe  03  00  01  00 00 00 00             // rtmsg: AF_INET, dst_len 0, table main, proto boot, scope universe, unicast
                08 00 05 00  0a 03 10 01                             // RTA_GATEWAY 10.3.16.1
                """))
    }

    func testIPv6RouteWithDeviceAndMetric() throws {
        let spec = RouteSpec(destination: try XCTUnwrap(IPPrefix("fd00::/64")), device: "eth0", metric: 5)
        var w = NetlinkWriter(type: RTM.newRoute, flags: 0, sequence: 1)
        NetlinkBackend.route(&w, spec, device: 4, adding: true)
        XCTAssertEqual(
            Array(w.finish()[16...]),
            Self.hex(
                """
                0a 40 00 00  fe  03  00  01  00 00 00 00             // rtmsg: AF_INET6, dst_len 64, main, boot, universe, unicast
                14 00 01 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   // RTA_DST fd00::
                08 00 04 00  04 00 00 00                                         // RTA_OIF 4
                08 00 06 00  05 00 00 00                                         // RTA_PRIORITY 5
                """))
    }

    func testNestedLengthsAreFilledInAndPadded() {
        var w = NetlinkWriter(type: 0, flags: 0, sequence: 0)
        w.beginNested(1)
        w.attribute(2, [0xaa])
        w.beginNested(3)
        w.endNested()
        w.endNested()
        XCTAssertEqual(Array(w.finish()[16...]), Self.hex("10 00 01 00  05 00 02 00 aa 00 00 00  04 00 03 00"))
    }
}
