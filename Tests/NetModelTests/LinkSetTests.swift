import NetModel
import NetTypes
import XCTest

final class LinkSetTests: KernelTestCase {
    func testSettingsInAnyOrderAreAllApplied() throws {
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("A1", .up, .master("br0"), .mtu(1400), .address(mac("02:00:00:00:00:99")), .name("eth9"))
        let l = try XCTUnwrap(link("eth9"))
        XCTAssertTrue(l.isUp)
        XCTAssertEqual(l.master, "br0")
        XCTAssertEqual(l.mtu, 1400)
        XCTAssertEqual(l.address, mac("02:00:00:00:00:99"))
        XCTAssertEqual(names(), ["lo", "br0", "B1", "eth9"])
    }

    func testSettingsBeforeAFailingOneStayApplied() throws {
        try veth("A1", peer: "B1")
        try veth("A2", peer: "B2")
        // Order (checked on Linux 6.18): MTU, then state, then master (fails: A2 is not a bridge).
        assertKernelError(.EOPNOTSUPP) { () throws(KernelError) in try set("A1", .up, .master("A2"), .mtu(1400)) }
        let l = try XCTUnwrap(link("A1"))
        XCTAssertEqual(l.mtu, 1400)
        XCTAssertNil(l.master)
        XCTAssertTrue(l.isUp)
    }

    func testAFailingMTUStopsTheRenameAndTheStateChange() throws {
        try veth("A1", peer: "B1")
        assertKernelError(.EINVAL) { () throws(KernelError) in try set("A1", .name("eth0"), .up, .mtu(10)) }
        XCTAssertEqual(names(), ["lo", "B1", "A1"])
        XCTAssertEqual(link("A1")?.isUp, false)
        XCTAssertEqual(link("A1")?.mtu, 1500)
    }

    func testAFailingRenameKeepsTheEarlierAddressChange() throws {
        try veth("A1", peer: "B1")
        assertKernelError(.EEXIST) { () throws(KernelError) in
            try set("A1", .up, .name("B1"), .address(mac("02:00:00:00:00:42")))
        }
        XCTAssertEqual(link("A1")?.address, mac("02:00:00:00:00:42"))
        XCTAssertEqual(link("A1")?.isUp, false)
    }

    func testAFailingMoveChangesNothing() throws {
        try backend.addNamespace("ns1")
        try veth("A1", peer: "B1")
        try bridge("A1", in: .named("ns1"))
        try set("A1", .up)
        try backend.addAddress(pfx("10.0.0.1/24"), device: "A1", in: .initial)
        assertKernelError(.EEXIST) { () throws(KernelError) in
            try set("A1", .namespace(.named("ns1")), .mtu(1400))
        }
        XCTAssertEqual(link("A1")?.isUp, true, "the name clash is found before the device goes down")
        XCTAssertEqual(link("A1")?.mtu, 1500)
        XCTAssertEqual(addressTexts("A1"), ["10.0.0.1/24 global"])
        XCTAssertEqual(names(in: .named("ns1")), ["lo", "A1"])
        XCTAssertEqual(link("A1", in: .named("ns1"))?.kind, .bridge)
    }

    func testNetnsAndNameTogetherArriveUnderTheNewName() throws {
        try backend.addNamespace("bind1")
        try veth("veth-bind1", peer: "tmp-bind1")
        try set("tmp-bind1", .name("eth0"), .namespace(.named("bind1")))
        XCTAssertEqual(names(), ["lo", "veth-bind1"])
        XCTAssertEqual(names(in: .named("bind1")), ["lo", "eth0"])
        XCTAssertEqual(link("veth-bind1")?.peer?.name, "eth0")
        XCTAssertEqual(link("veth-bind1")?.peer?.namespace, "bind1")
        // The old name is free again where the device was.
        XCTAssertNoThrow(try bridge("tmp-bind1"))
    }

    func testNetnsAndNameWhenOnlyTheOldNameIsTakenThere() throws {
        try backend.addNamespace("ns1")
        try bridge("A1", in: .named("ns1"))
        try veth("A1", peer: "B1")
        try set("A1", .namespace(.named("ns1")), .name("eth0"))
        XCTAssertEqual(names(in: .named("ns1")), ["lo", "A1", "eth0"])
        XCTAssertEqual(link("eth0", in: .named("ns1"))?.kind, .veth)
    }

    func testMissingDeviceIsENODEV() {
        assertKernelError(.ENODEV, "Cannot find device \"nope\"") { () throws(KernelError) in try set("nope", .up) }
        assertKernelError(.ENODEV) { () throws(KernelError) in try backend.deleteLink("nope", in: .initial) }
        assertKernelError(.ENODEV) { () throws(KernelError) in
            try backend.addAddress(pfx("10.0.0.1/24"), device: "nope", in: .initial)
        }
        assertKernelError(.ENODEV) { () throws(KernelError) in try route("10.0.0.0/24", dev: "nope") }
    }

    func testUpAndDownAreIdempotent() throws {
        try bridge("br0")
        try set("br0", .up)
        try set("br0", .up)
        XCTAssertEqual(link("br0")?.isUp, true)
        try set("br0", .down)
        try set("br0", .down)
        XCTAssertEqual(link("br0")?.isUp, false)
    }
}

final class MoveTests: KernelTestCase {
    func testAMovedDeviceGoesDownAndLosesAddressesRoutesAndBridge() throws {
        try backend.addNamespace("ns1")
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("br0", .up)
        try set("B1", .up)
        try set("A1", .master("br0"), .up)
        try backend.addAddress(pfx("10.0.0.1/24"), device: "A1", in: .initial)
        try backend.addAddress(pfx("fd00::1/64"), device: "A1", in: .initial)
        try route(nil, via: "10.0.0.254")
        try route("10.9.0.0/16", dev: "A1")
        XCTAssertEqual(routeTexts().count, 4)
        XCTAssertEqual(link("br0")?.operstate, "UP")

        try set("A1", .namespace(.named("ns1")))
        XCTAssertEqual(names(), ["lo", "br0", "B1"])
        let moved = try XCTUnwrap(link("A1", in: .named("ns1")))
        XCTAssertFalse(moved.isUp)
        XCTAssertEqual(moved.operstate, "DOWN")
        XCTAssertEqual(moved.addresses, [])
        XCTAssertNil(moved.master)
        XCTAssertEqual(routeTexts(), [], "every route through A1 is gone")
        XCTAssertEqual(routeTexts(in: .named("ns1")), [])
        XCTAssertEqual(link("br0")?.operstate, "DOWN", "the bridge lost its port")
        XCTAssertEqual(link("B1")?.operstate, "LOWERLAYERDOWN", "its peer went down")
    }

    func testAMovedDeviceKeepsItsMACAndMTU() throws {
        try backend.addNamespace("ns1")
        try veth("A1", peer: "B1", mtu: 1400, address: mac("02:00:00:00:00:07"))
        try set("A1", .namespace(.named("ns1")))
        XCTAssertEqual(link("A1", in: .named("ns1"))?.mtu, 1400)
        XCTAssertEqual(link("A1", in: .named("ns1"))?.address, mac("02:00:00:00:00:07"))
    }

    func testAMovedDeviceCanBeConfiguredThere() throws {
        try backend.addNamespace("ns1")
        try veth("A1", peer: "B1")
        try set("B1", .up)
        try set("A1", .namespace(.named("ns1")))
        let ns = NamespaceRef.named("ns1")
        try set("A1", .up, in: ns)
        try backend.addAddress(pfx("10.0.0.2/24"), device: "A1", in: ns)
        try route(nil, via: "10.0.0.1", in: ns)
        XCTAssertEqual(link("A1", in: ns)?.operstate, "UP")
        XCTAssertEqual(
            routeTexts(in: ns),
            [
                "default via 10.0.0.1 dev A1 proto boot scope universe metric 0",
                "10.0.0.0/24 dev A1 proto kernel scope link metric 0 src 10.0.0.2",
            ])
    }

    func testBridgesCannotMove() throws {
        try backend.addNamespace("ns1")
        try bridge("br0")
        assertKernelError(.EINVAL, "The interface netns is immutable") { () throws(KernelError) in
            try set("br0", .namespace(.named("ns1")))
        }
        XCTAssertEqual(names(), ["lo", "br0"])
    }

    func testMoveToAMissingNamespace() throws {
        try veth("A1", peer: "B1")
        assertKernelError(.ENOENT) { () throws(KernelError) in try set("A1", .namespace(.named("nope"))) }
        assertKernelError(.ENOENT) { () throws(KernelError) in try set("A1", .namespace(.pid(99))) }
        XCTAssertEqual(names(), ["lo", "B1", "A1"])
    }

    func testMoveToTheSameNamespaceIsANoOp() throws {
        try veth("A1", peer: "B1")
        try set("A1", .up)
        try backend.addAddress(pfx("10.0.0.1/24"), device: "A1", in: .initial)
        try set("A1", .namespace(.initial))
        XCTAssertEqual(link("A1")?.isUp, true)
        XCTAssertEqual(addressTexts("A1"), ["10.0.0.1/24 global"])
    }

    func testMoveIntoAContainerByPid() throws {
        kernel.addContainer(pid: 4242)
        try veth("veth-c", peer: "tmp")
        try set("tmp", .namespace(.pid(4242)), .name("eth0"))
        XCTAssertEqual(names(in: .pid(4242)), ["lo", "eth0"])
        XCTAssertEqual(link("veth-c")?.peer?.namespace, "pid:4242")
    }
}

final class RenameTests: KernelTestCase {
    func testRenameWhileUpKeepsEverything() throws {
        try bridge("br0")
        try veth("A1", peer: "B1")
        try set("A1", .master("br0"), .up)
        try set("B1", .up)
        try backend.addAddress(pfx("10.0.0.1/24"), device: "A1", in: .initial)
        try route("10.9.0.0/16", via: "10.0.0.254")
        try set("A1", .name("eth0"))
        let l = try XCTUnwrap(link("eth0"))
        XCTAssertTrue(l.isUp)
        XCTAssertEqual(l.master, "br0")
        XCTAssertEqual(l.ifindex, 4)
        XCTAssertEqual(addressTexts("eth0"), ["10.0.0.1/24 global"])
        XCTAssertEqual(link("B1")?.peer?.name, "eth0")
        XCTAssertEqual(
            routeTexts(),
            [
                "10.0.0.0/24 dev eth0 proto kernel scope link metric 0 src 10.0.0.1",
                "10.9.0.0/16 via 10.0.0.254 dev eth0 proto boot scope universe metric 0",
            ])
        XCTAssertFalse(names().contains("A1"))
        XCTAssertNoThrow(try bridge("A1"), "the old name is free")
    }

    func testRenameToTheSameNameIsANoOp() throws {
        try bridge("br0")
        XCTAssertNoThrow(try set("br0", .name("br0")))
    }

    func testRenameToATakenNameIsEEXIST() throws {
        try bridge("br0")
        try bridge("br1")
        assertKernelError(.EEXIST) { () throws(KernelError) in try set("br1", .name("br0")) }
        XCTAssertEqual(names(), ["lo", "br0", "br1"])
    }

    func testInterfaceNameRules() throws {
        try bridge("br0")
        let fifteen = String(repeating: "x", count: 15)
        try set("br0", .name(fifteen))
        XCTAssertEqual(names(), ["lo", fifteen])
        let sixteen = String(repeating: "y", count: 16)
        assertKernelError(.ERANGE, "Attribute failed policy validation") { () throws(KernelError) in
            try set(fifteen, .name(sixteen))
        }
        assertKernelError(.ERANGE, "Attribute failed policy validation") { () throws(KernelError) in
            try bridge(sixteen)
        }
        for bad in ["", ".", "..", "a/b", "a:b", "a b", "a\tb"] {
            assertKernelError(.EINVAL) { () throws(KernelError) in try set(fifteen, .name(bad)) }
            assertKernelError(.EINVAL) { () throws(KernelError) in try bridge(bad) }
        }
        XCTAssertEqual(names(), ["lo", fifteen])
        // 15 bytes, not 15 characters.
        assertKernelError(.ERANGE) { () throws(KernelError) in try bridge("ééééééééé") }
        XCTAssertNoThrow(try bridge("br-lan.100_x"))
    }

    func testDuplicateLinkNameIsEEXIST() throws {
        try bridge("br0")
        assertKernelError(.EEXIST) { () throws(KernelError) in try bridge("br0") }
        assertKernelError(.EEXIST) { () throws(KernelError) in try bridge("lo") }
    }
}

final class MACAddressTests: KernelTestCase {
    func testMulticastAndZeroMACsAreRefused() throws {
        try veth("A1", peer: "B1")
        let before = link("A1")?.address
        for bad in ["01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "03:00:00:00:00:01"] {
            assertKernelError(.EADDRNOTAVAIL) { () throws(KernelError) in try set("A1", .address(mac(bad))) }
            assertKernelError(.EADDRNOTAVAIL) { () throws(KernelError) in
                try bridge("br0", address: mac(bad))
            }
        }
        XCTAssertEqual(link("A1")?.address, before)
        XCTAssertEqual(names(), ["lo", "B1", "A1"])
        try set("A1", .address(mac("00:16:3e:00:00:01")))
        XCTAssertEqual(link("A1")?.address, mac("00:16:3e:00:00:01"))
    }

    func testLoopbackMACCanBeSet() throws {
        try set("lo", .address(mac("02:00:00:00:00:01")))
        XCTAssertEqual(link("lo")?.address, mac("02:00:00:00:00:01"))
    }

    func testGeneratedMACsAreDistinctLocallyAdministeredUnicast() throws {
        for i in 0..<20 { try veth("A\(i)", peer: "B\(i)") }
        try bridge("br0")
        try vxlan("vx0", id: 1)
        try macvlan("mv0", parent: "A0")
        let macs = try backend.links(in: .initial).filter { $0.kind != .loopback }.map(\.address)
        XCTAssertEqual(macs.count, 43)
        XCTAssertEqual(Set(macs).count, macs.count)
        for m in macs {
            XCTAssertFalse(m.isMulticast, "\(m)")
            XCTAssertEqual(m.bytes[0] & 0x02, 0x02, "\(m) is locally administered")
            XCTAssertNotEqual(m.value, 0)
        }
    }
}
