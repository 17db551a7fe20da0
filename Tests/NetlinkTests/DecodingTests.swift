import NetModel
import NetTypes
import XCTest

@testable import Netlink

/// The decoder against annotated hex fixtures of what the kernel sends back.
final class DecodingTests: XCTestCase {
    let hex = EncodingTests.hex

    func testErrorWithExtendedAck() {
        let buffer = hex(
            """
            44 00 00 00  02 00  00 03  05 00 00 00  34 12 00 00   // nlmsghdr: len 68, NLMSG_ERROR, CAPPED|ACK_TLVS, seq 5
            9b ff ff ff                                          // error -101 (ENETUNREACH)
            24 00 00 00  18 00  05 06  05 00 00 00  00 00 00 00   // the request's header, echoed (capped)
            20 00 01 00                                          // NLMSGERR_ATTR_MSG, 32 bytes
            4e 65 78 74 68 6f 70 20 68 61 73 20 69 6e 76 61 6c 69 64 20 67 61 74 65 77 61 79 00   // "Nexthop has invalid gateway\\0"
            """)
        let messages = NetlinkReader.messages(buffer[...])
        XCTAssertEqual(messages.count, 1)
        XCTAssertEqual(messages.first?.header.type, NL.error)
        XCTAssertEqual(messages.first?.header.sequence, 5)
        guard let (header, body) = messages.first else { return }
        XCTAssertThrowsError(try NetlinkSocket.check(header, body)) { error in
            XCTAssertEqual(error as? KernelError, KernelError(.ENETUNREACH, "Nexthop has invalid gateway"))
        }
    }

    func testAcknowledgementIsSuccess() throws {
        let buffer = hex(
            """
            24 00 00 00  02 00  00 01  07 00 00 00  00 00 00 00   // NLMSG_ERROR, CAPPED, seq 7
            00 00 00 00                                          // error 0: the ACK
            24 00 00 00  10 00  05 06  07 00 00 00  00 00 00 00   // the request's header
            """)
        let (header, body) = try XCTUnwrap(NetlinkReader.messages(buffer[...]).first)
        XCTAssertNoThrow(try NetlinkSocket.check(header, body))
    }

    func testErrorWithoutMessage() throws {
        let buffer = hex(
            """
            24 00 00 00  02 00  00 01  08 00 00 00  00 00 00 00   // NLMSG_ERROR, CAPPED, no TLVs
            ef ff ff ff                                          // error -17 (EEXIST)
            24 00 00 00  10 00  05 06  08 00 00 00  00 00 00 00
            """)
        let (header, body) = try XCTUnwrap(NetlinkReader.messages(buffer[...]).first)
        XCTAssertThrowsError(try NetlinkSocket.check(header, body)) { error in
            XCTAssertEqual(error as? KernelError, KernelError(.EEXIST))
            XCTAssertEqual("\(error)", "File exists (EEXIST)")
        }
    }

    static let vethMessage = """
        00 00 01 00  03 00 00 00  43 10 01 00  00 00 00 00   // ifinfomsg: ARPHRD_ETHER, index 3, flags UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP
        09 00 03 00  65 74 68 30 00  00 00 00                // IFLA_IFNAME "eth0"
        08 00 04 00  dc 05 00 00                             // IFLA_MTU 1500
        0a 00 01 00  02 42 0a 03 10 0b  00 00                // IFLA_ADDRESS 02:42:0a:03:10:0b
        05 00 10 00  06  00 00 00                            // IFLA_OPERSTATE 6 (UP)
        08 00 05 00  04 00 00 00                             // IFLA_LINK 4 (the peer's ifindex)
        08 00 25 00  00 00 00 00                             // IFLA_LINK_NETNSID 0
        10 00 12 00                                          // IFLA_LINKINFO
        09 00 01 00  76 65 74 68 00  00 00 00                //   IFLA_INFO_KIND "veth"
        """

    func testLinkMessage() throws {
        let bytes = hex(Self.vethMessage)
        let link = try XCTUnwrap(NetlinkBackend().parseLink(bytes[...]))
        XCTAssertEqual(link.index, 3)
        XCTAssertEqual(link.state.name, "eth0")
        XCTAssertEqual(link.state.kind, .veth)
        XCTAssertEqual(link.state.mtu, 1500)
        XCTAssertEqual(link.state.address, MACAddress("02:42:0a:03:10:0b"))
        XCTAssertEqual(link.state.operstate, "UP")
        XCTAssertEqual(link.state.flags, ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"])
        XCTAssertEqual(link.peerIndex, 4)
        XCTAssertEqual(link.peerNSID, 0)
    }

    func testRouteMessage() throws {
        let bytes = hex(
            """
            02 00 00 00  fe  03  00  01  00 00 00 00             // rtmsg: AF_INET, dst_len 0, main, boot, universe, unicast
            08 00 0f 00  fe 00 00 00                             // RTA_TABLE 254
            08 00 05 00  0a 03 10 01                             // RTA_GATEWAY 10.3.16.1
            08 00 04 00  03 00 00 00                             // RTA_OIF 3
            """)
        let route = try XCTUnwrap(NetlinkBackend().parseRoute(bytes[...], [3: "eth0"]))
        XCTAssertNil(route.destination)
        XCTAssertEqual(route.gateway, IPAddress("10.3.16.1"))
        XCTAssertEqual(route.device, "eth0")
        XCTAssertEqual(route.proto, "boot")
        XCTAssertEqual(route.scope, "universe")
        XCTAssertEqual(route.metric, 0)
    }

    func testLocalTableRoutesAreLeftOut() {
        let bytes = hex("02 20 00 00  ff 02 fe 02  00 00 00 00   08 00 04 00 01 00 00 00")
        XCTAssertNil(NetlinkBackend().parseRoute(bytes[...], [1: "lo"]))
    }

    func testMultipartBufferAndTruncation() {
        let one = hex("14 00 00 00  03 00  02 00  09 00 00 00  00 00 00 00  00 00 00 00")  // NLMSG_DONE, MULTI
        let two = NetlinkReader.messages((one + one)[...])
        XCTAssertEqual(two.map(\.header.type), [NL.done, NL.done])
        for cut in 0..<one.count {
            XCTAssertLessThanOrEqual(NetlinkReader.messages((one + one)[..<(one.count + cut)]).count, 1)
        }
        var reader = NetlinkReader(hex("08 00 03 00 65 74")[...])
        XCTAssertTrue(reader.attributes().isEmpty, "an attribute longer than the buffer is dropped")
    }
}
