import NetModel
import NetTypes
import XCTest

final class VethTests: KernelTestCase {
    func testPairIsCreatedDownAndPointsAtEachOther() throws {
        try veth("A1", peer: "B1")
        let a = try XCTUnwrap(link("A1"))
        let b = try XCTUnwrap(link("B1"))
        XCTAssertEqual(a.kind, .veth)
        XCTAssertEqual(a.mtu, 1500)
        XCTAssertEqual(a.flags, ["BROADCAST", "MULTICAST"])
        XCTAssertEqual(a.operstate, "DOWN")
        XCTAssertEqual(a.peer?.name, "B1")
        XCTAssertNil(a.peer?.namespace)
        XCTAssertEqual(b.peer?.name, "A1")
        XCTAssertNotEqual(a.address, b.address)
    }

    func testAnEndHasCarrierOnlyWhenBothEndsAreUp() throws {
        try veth("A1", peer: "B1")
        try set("A1", .up)
        XCTAssertEqual(link("A1")?.flags, ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"])
        XCTAssertEqual(link("A1")?.operstate, "LOWERLAYERDOWN")
        XCTAssertEqual(link("B1")?.flags, ["BROADCAST", "MULTICAST"])
        XCTAssertEqual(link("B1")?.operstate, "DOWN")
        try set("B1", .up)
        for name in ["A1", "B1"] {
            XCTAssertEqual(link(name)?.flags, ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], name)
            XCTAssertEqual(link(name)?.operstate, "UP", name)
        }
        try set("B1", .down)
        XCTAssertEqual(link("A1")?.operstate, "LOWERLAYERDOWN")
        XCTAssertEqual(link("A1")?.flags.first, "NO-CARRIER")
    }

    func testDeletingEitherEndDeletesThePair() throws {
        try veth("A1", peer: "B1")
        try backend.deleteLink("A1", in: .initial)
        XCTAssertEqual(names(), ["lo"])
        try veth("A2", peer: "B2")
        try backend.deleteLink("B2", in: .initial)
        XCTAssertEqual(names(), ["lo"])
    }

    func testDeletingAnEndDeletesThePeerInAnotherNamespace() throws {
        try backend.addNamespace("ns1")
        try veth("A1", peer: "B1", peerNamespace: .named("ns1"))
        XCTAssertEqual(names(in: .named("ns1")), ["lo", "B1"])
        try backend.deleteLink("A1", in: .initial)
        XCTAssertEqual(names(in: .named("ns1")), ["lo"])

        try veth("A2", peer: "B2")
        try set("B2", .namespace(.named("ns1")))
        try backend.deleteLink("B2", in: .named("ns1"))
        XCTAssertEqual(names(), ["lo"])
    }

    func testDeletingANamespaceDeletesPeersOutsideIt() throws {
        try backend.addNamespace("ns1")
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("A1", .master("br0"), .up)
        try set("br0", .up)
        try set("B1", .namespace(.named("ns1")))
        try set("B1", .up, in: .named("ns1"))
        XCTAssertEqual(link("br0")?.operstate, "UP")
        try backend.deleteNamespace("ns1")
        XCTAssertEqual(names(), ["lo", "br0"])
        XCTAssertEqual(link("br0")?.operstate, "DOWN", "the bridge lost its only port")
        XCTAssertEqual(link("br0")?.flags.first, "NO-CARRIER")
    }

    func testPeerCreatedInAnotherNamespace() throws {
        try backend.addNamespace("ns1")
        try veth("A1", peer: "B1", peerNamespace: .named("ns1"))
        XCTAssertEqual(names(), ["lo", "A1"])
        XCTAssertEqual(link("A1")?.peer?.name, "B1")
        XCTAssertEqual(link("A1")?.peer?.namespace, "ns1")
        XCTAssertEqual(link("B1", in: .named("ns1"))?.peer?.name, "A1")
        XCTAssertNil(link("B1", in: .named("ns1"))?.peer?.namespace)
        // The name only has to be free where each end lives.
        XCTAssertNoThrow(try veth("B1", peer: "C1"))
    }

    func testUnnamedPeerGetsTheLowestFreeVethName() throws {
        try veth("A1", peer: nil)
        try veth("A2", peer: nil)
        XCTAssertEqual(link("A1")?.peer?.name, "veth0")
        XCTAssertEqual(link("A2")?.peer?.name, "veth1")
    }

    func testPeerNameClashes() throws {
        try bridge("br0")
        assertKernelError(.EEXIST) { () throws(KernelError) in try veth("A1", peer: "br0") }
        assertKernelError(.EEXIST) { () throws(KernelError) in try veth("A1", peer: "A1") }
        assertKernelError(.EEXIST) { () throws(KernelError) in try veth("br0", peer: "B1") }
        assertKernelError(.ENOENT) { () throws(KernelError) in
            try veth("A1", peer: "B1", peerNamespace: .named("nope"))
        }
        XCTAssertEqual(names(), ["lo", "br0"], "a refused pair leaves nothing behind")
    }

    func testMTUBounds() throws {
        // At creation a veth's bad MTU is a bare EINVAL (Linux 6.18); `link set` explains.
        assertBareKernelError(.EINVAL) { () throws(KernelError) in try veth("A1", peer: "B1", mtu: 67) }
        assertBareKernelError(.EINVAL) { () throws(KernelError) in try veth("A1", peer: "B1", mtu: 65536) }
        try veth("A1", peer: "B1", mtu: 68)
        XCTAssertEqual(link("A1")?.mtu, 68)
        try set("A1", .mtu(65535))
        XCTAssertEqual(link("A1")?.mtu, 65535)
        assertKernelError(.EINVAL, "mtu greater than device maximum") { () throws(KernelError) in
            try set("A1", .mtu(65536))
        }
        assertKernelError(.EINVAL, "mtu less than device minimum") { () throws(KernelError) in
            try set("A1", .mtu(67))
        }
        XCTAssertEqual(link("A1")?.mtu, 65535)
    }

    func testExplicitAddressAtCreation() throws {
        try veth("A1", peer: "B1", address: mac("02:42:0a:03:10:0b"))
        XCTAssertEqual(link("A1")?.address, mac("02:42:0a:03:10:0b"))
        XCTAssertNotEqual(link("B1")?.address, mac("02:42:0a:03:10:0b"))
    }
}

final class LoopbackTests: KernelTestCase {
    func testLoopbackUpGetsItsAddressesAndNoMainTableRoutes() throws {
        try set("lo", .up)
        let lo = try XCTUnwrap(link("lo"))
        XCTAssertEqual(lo.flags, ["LOOPBACK", "UP", "LOWER_UP"])
        XCTAssertEqual(lo.operstate, "UNKNOWN")
        XCTAssertEqual(addressTexts("lo"), ["127.0.0.1/8 host", "::1/128 host"])
        XCTAssertEqual(try backend.routes(in: .initial), [], "the 127/8 route lives in the local table")
    }

    func testLoopbackUpInANewNamespace() throws {
        try backend.addNamespace("ns1")
        try set("lo", .up, in: .named("ns1"))
        XCTAssertEqual(addressTexts("lo", in: .named("ns1")), ["127.0.0.1/8 host", "::1/128 host"])
        XCTAssertEqual(addressTexts("lo"), [])
    }

    func testLoopbackRestrictions() throws {
        try bridge("br0")
        assertKernelError(.EOPNOTSUPP) { () throws(KernelError) in try backend.deleteLink("lo", in: .initial) }
        assertKernelError(.EINVAL, "The interface netns is immutable") { () throws(KernelError) in
            try backend.addNamespace("ns1")
            try set("lo", .namespace(.named("ns1")))
        }
        assertKernelError(.EINVAL) { () throws(KernelError) in try set("lo", .master("br0")) }
        assertKernelError(.EINVAL) { () throws(KernelError) in try macvlan("mv0", parent: "lo") }
        XCTAssertEqual(names(), ["lo", "br0"])
        XCTAssertNil(link("lo")?.master)
    }
}

final class BridgeTests: KernelTestCase {
    func testBridgeThatNeverHadPortsHasCarrier() throws {
        // Linux 6.18: a new bridge keeps the carrier every device starts with (state UNKNOWN).
        try bridge("br0")
        XCTAssertEqual(link("br0")?.kind, .bridge)
        XCTAssertEqual(link("br0")?.mtu, 1500)
        try set("br0", .up)
        XCTAssertEqual(link("br0")?.flags, ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"])
        XCTAssertEqual(link("br0")?.operstate, "UNKNOWN")
    }

    func testBridgeHasCarrierWhenAPortIsUpWithCarrier() throws {
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("br0", .up)
        try set("A1", .master("br0"))
        XCTAssertEqual(link("A1")?.master, "br0")
        XCTAssertEqual(link("br0")?.operstate, "DOWN", "the port is down")
        try set("A1", .up)
        XCTAssertEqual(link("br0")?.operstate, "DOWN", "the port is up but has no carrier")
        try set("B1", .up)
        XCTAssertEqual(link("br0")?.operstate, "UP")
        XCTAssertEqual(link("br0")?.flags, ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"])
        try set("A1", .noMaster)
        XCTAssertNil(link("A1")?.master)
        XCTAssertEqual(link("br0")?.operstate, "DOWN")
    }

    func testDownBridgeIsDownWhateverItsPorts() throws {
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("A1", .master("br0"), .up)
        try set("B1", .up)
        XCTAssertEqual(link("br0")?.operstate, "DOWN")
        XCTAssertEqual(link("br0")?.flags, ["BROADCAST", "MULTICAST"])
    }

    func testPortRules() throws {
        try bridge("br0")
        try bridge("br1")
        try veth("A1", peer: "B1")
        try veth("P1", peer: "Q1")
        try macvlan("mv0", parent: "P1")
        assertKernelError(.EOPNOTSUPP) { () throws(KernelError) in try set("B1", .master("A1")) }
        assertKernelError(.ELOOP, "Can not enslave a bridge to a bridge") { () throws(KernelError) in
            try set("br1", .master("br0"))
        }
        assertKernelError(.EINVAL) { () throws(KernelError) in try set("lo", .master("br0")) }
        assertKernelError(.EBUSY) { () throws(KernelError) in try set("P1", .master("br0")) }
        assertKernelError(.ENODEV) { () throws(KernelError) in try set("A1", .master("nope")) }
        for name in ["B1", "br1", "lo", "P1", "A1"] { XCTAssertNil(link(name)?.master, name) }
        // A macvlan and a vxlan may be ports.
        try vxlan("vx0", id: 42)
        try set("mv0", .master("br0"))
        try set("vx0", .master("br0"))
        XCTAssertEqual(link("mv0")?.master, "br0")
        XCTAssertEqual(link("vx0")?.master, "br0")
    }

    func testMacvlanOnABridgePortIsEBUSY() throws {
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("A1", .master("br0"))
        assertKernelError(.EBUSY) { () throws(KernelError) in try macvlan("mv0", parent: "A1") }
    }

    func testMovingAPortToAnotherBridge() throws {
        try bridge("br0")
        try bridge("br1")
        try veth("A1", peer: "B1")
        try set("A1", .master("br0"), .up)
        try set("B1", .up)
        try set("br0", .up)
        try set("br1", .up)
        try set("A1", .master("br1"))
        XCTAssertEqual(link("A1")?.master, "br1")
        XCTAssertEqual(link("br0")?.operstate, "DOWN")
        XCTAssertEqual(link("br1")?.operstate, "UP")
    }

    func testBridgeTakesTheLowestMACOfItsPorts() throws {
        try bridge("br0", address: nil)
        try veth("A1", peer: "B1", address: mac("02:00:00:00:00:20"))
        try veth("A2", peer: "B2", address: mac("02:00:00:00:00:10"))
        try set("A1", .master("br0"))
        XCTAssertEqual(link("br0")?.address, mac("02:00:00:00:00:20"))
        try set("A2", .master("br0"))
        XCTAssertEqual(link("br0")?.address, mac("02:00:00:00:00:10"))
        try set("A1", .address(mac("02:00:00:00:00:05")))
        XCTAssertEqual(link("br0")?.address, mac("02:00:00:00:00:05"), "a port's new MAC counts")
        try set("A1", .noMaster)
        XCTAssertEqual(link("br0")?.address, mac("02:00:00:00:00:10"), "the lowest remaining port")
    }

    func testBridgeKeepsAMACSetByTheUser() throws {
        try bridge("br0", address: mac("02:ff:00:00:00:01"))
        try veth("A1", peer: "B1", address: mac("02:00:00:00:00:01"))
        try set("A1", .master("br0"))
        XCTAssertEqual(link("br0")?.address, mac("02:ff:00:00:00:01"))

        try bridge("br1")
        try set("br1", .address(mac("02:ff:00:00:00:02")))
        try veth("A2", peer: "B2", address: mac("02:00:00:00:00:02"))
        try set("A2", .master("br1"))
        XCTAssertEqual(link("br1")?.address, mac("02:ff:00:00:00:02"))
    }

    func testBridgeTakesTheLowestMTUOfItsPorts() throws {
        try bridge("br0")
        try veth("A1", peer: "B1", mtu: 9000)
        try veth("A2", peer: "B2", mtu: 1400)
        try set("A1", .master("br0"))
        XCTAssertEqual(link("br0")?.mtu, 9000)
        try set("A2", .master("br0"))
        XCTAssertEqual(link("br0")?.mtu, 1400)
        try set("A2", .mtu(1300))
        XCTAssertEqual(link("br0")?.mtu, 1300, "a port's MTU change adjusts the bridge")
    }

    func testBridgeKeepsAnMTUSetByTheUser() throws {
        try bridge("br0", mtu: 1450)
        try veth("A1", peer: "B1", mtu: 1400)
        try set("A1", .master("br0"))
        XCTAssertEqual(link("br0")?.mtu, 1450)
        try bridge("br1")
        try set("br1", .mtu(1450))
        try veth("A2", peer: "B2", mtu: 1400)
        try set("A2", .master("br1"))
        XCTAssertEqual(link("br1")?.mtu, 1450)
    }

    func testDeletingABridgeReleasesItsPorts() throws {
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("A1", .master("br0"), .up)
        try backend.deleteLink("br0", in: .initial)
        XCTAssertEqual(names(), ["lo", "B1", "A1"])
        XCTAssertNil(link("A1")?.master)
        XCTAssertEqual(link("A1")?.isUp, true)
        XCTAssertNoThrow(try bridge("br0"))
    }

    func testDeletingAPortLeavesTheBridge() throws {
        try bridge("br0")
        try veth("A1", peer: "B1")
        try veth("A2", peer: "B2")
        try set("A1", .master("br0"), .up)
        try set("A2", .master("br0"), .up)
        try set("B1", .up)
        try set("br0", .up)
        XCTAssertEqual(link("br0")?.operstate, "UP")
        try backend.deleteLink("B1", in: .initial)
        XCTAssertEqual(link("br0")?.operstate, "DOWN", "the remaining port has no carrier")
        XCTAssertEqual(link("A2")?.master, "br0")
    }
}

final class MacvlanTests: KernelTestCase {
    func testMacvlanNeedsAParent() throws {
        assertKernelError(.EINVAL) { () throws(KernelError) in try macvlan("mv0", parent: nil) }
        assertKernelError(.ENODEV) { () throws(KernelError) in try macvlan("mv0", parent: "nope") }
        XCTAssertEqual(names(), ["lo"])
    }

    func testModes() throws {
        try veth("A1", peer: "B1")
        try macvlan("mv0", parent: "A1")
        XCTAssertEqual(link("mv0")?.macvlanMode, "vepa")
        XCTAssertEqual(link("mv0")?.parent, "A1")
        XCTAssertEqual(link("mv0")?.kind, .macvlan)
        for mode in ["private", "vepa", "bridge", "source"] {
            try macvlan("mv-\(mode)", parent: "A1", mode: mode)
            XCTAssertEqual(link("mv-\(mode)")?.macvlanMode, mode)
        }
        // A passthru macvlan must be its parent's only one.
        assertKernelError(.EINVAL) { () throws(KernelError) in try macvlan("mv-pt", parent: "A1", mode: "passthru") }
        assertKernelError(.EINVAL) { () throws(KernelError) in try macvlan("mv1", parent: "A1", mode: "nat") }
    }

    func testMTUComesFromTheParentAndCannotExceedIt() throws {
        try veth("A1", peer: "B1", mtu: 9000)
        try macvlan("mv0", parent: "A1")
        XCTAssertEqual(link("mv0")?.mtu, 9000)
        // macvlan MTU errors are bare EINVALs on Linux 6.18.
        assertBareKernelError(.EINVAL) { () throws(KernelError) in try macvlan("mv1", parent: "A1", mtu: 9001) }
        try macvlan("mv1", parent: "A1", mtu: 1500)
        XCTAssertEqual(link("mv1")?.mtu, 1500)
        assertBareKernelError(.EINVAL) { () throws(KernelError) in try set("mv1", .mtu(9001)) }
    }

    func testCarrierFollowsTheParent() throws {
        try veth("A1", peer: "B1")
        try macvlan("mv0", parent: "A1", mode: "bridge")
        try set("mv0", .up)
        XCTAssertEqual(link("mv0")?.operstate, "LOWERLAYERDOWN")
        XCTAssertEqual(link("mv0")?.flags, ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"])
        try set("A1", .up)
        XCTAssertEqual(link("mv0")?.operstate, "LOWERLAYERDOWN", "the parent is up without carrier")
        try set("B1", .up)
        XCTAssertEqual(link("mv0")?.operstate, "UP")
        XCTAssertEqual(link("mv0")?.flags, ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"])
        try set("A1", .down)
        XCTAssertEqual(link("mv0")?.operstate, "LOWERLAYERDOWN")
    }

    func testDeletingTheParentDeletesItsMacvlans() throws {
        try veth("A1", peer: "B1")
        try macvlan("mv0", parent: "A1")
        try macvlan("mv1", parent: "A1")
        try backend.addNamespace("ns1")
        try set("mv1", .namespace(.named("ns1")))
        XCTAssertEqual(link("mv1", in: .named("ns1"))?.parent, "A1")
        try backend.deleteLink("B1", in: .initial)
        XCTAssertEqual(names(), ["lo"])
        XCTAssertEqual(names(in: .named("ns1")), ["lo"])
    }
}

final class VxlanTests: KernelTestCase {
    func testIdRange() throws {
        assertKernelError(.ERANGE, "VXLAN ID must be lower than 16777216") { () throws(KernelError) in
            try vxlan("vx0", id: 16_777_216)
        }
        try vxlan("vx0", id: 16_777_215)
        XCTAssertEqual(link("vx0")?.vxlan?.id, 16_777_215)
        XCTAssertEqual(link("vx0")?.vxlan?.port, 8472)
        XCTAssertEqual(link("vx0")?.kind, .vxlan)
    }

    func testIdAndPortMustBeUniqueInTheNamespace() throws {
        try vxlan("vx0", id: 42)
        assertKernelError(.EEXIST) { () throws(KernelError) in try vxlan("vx1", id: 42) }
        XCTAssertNoThrow(try vxlan("vx1", id: 42, port: 4789))
        XCTAssertNoThrow(try vxlan("vx2", id: 43))
        try backend.addNamespace("ns1")
        XCTAssertNoThrow(try vxlan("vx0", id: 42, in: .named("ns1")))
    }

    func testAMovedVxlanStillHoldsItsIdWhereItWasCreated() throws {
        try backend.addNamespace("ns1")
        try vxlan("vx0", id: 42)
        try set("vx0", .namespace(.named("ns1")))
        assertKernelError(.EEXIST) { () throws(KernelError) in try vxlan("vx1", id: 42) }
        XCTAssertNoThrow(try vxlan("vx1", id: 42, in: .named("ns1")))
        try backend.deleteLink("vx0", in: .named("ns1"))
        XCTAssertNoThrow(try vxlan("vx2", id: 42))
    }

    func testUpVxlanIsUnknownWithCarrier() throws {
        try vxlan("vx0", id: 42)
        XCTAssertEqual(link("vx0")?.operstate, "DOWN")
        try set("vx0", .up)
        XCTAssertEqual(link("vx0")?.operstate, "UNKNOWN")
        XCTAssertEqual(link("vx0")?.flags, ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"])
    }

    func testUnderlyingDeviceMustExist() {
        assertKernelError(.ENODEV) { () throws(KernelError) in try vxlan("vx0", id: 42, device: "nope") }
        XCTAssertEqual(names(), ["lo"])
    }

    func testUnsupportedKindsAreEOPNOTSUPP() {
        for kind in [LinkKind.dummy, .vlan, .bond, .ipvlan] {
            assertKernelError(.EOPNOTSUPP) { () throws(KernelError) in
                try backend.addLink(LinkSpec(name: "x0", kind: kind), in: .initial)
            }
        }
        XCTAssertEqual(names(), ["lo"])
    }
}
