import NetModel
import NetTypes
import XCTest

final class NamespaceTests: KernelTestCase {
    func testInitialNamespaceHoldsOnlyLoopbackDown() throws {
        let links = try backend.links(in: .initial)
        XCTAssertEqual(links.count, 1)
        let lo = try XCTUnwrap(links.first)
        XCTAssertEqual(lo.name, "lo")
        XCTAssertEqual(lo.ifindex, 1)
        XCTAssertEqual(lo.kind, .loopback)
        XCTAssertEqual(lo.flags, ["LOOPBACK"])
        XCTAssertEqual(lo.operstate, "DOWN")
        XCTAssertEqual(lo.mtu, 65536)
        XCTAssertEqual(lo.address, mac("00:00:00:00:00:00"))
        XCTAssertTrue(lo.addresses.isEmpty)
        XCTAssertEqual(try backend.routes(in: .initial), [])
        XCTAssertEqual(backend.namespaceNames(), [])
        let snapshot = backend.snapshot()
        XCTAssertEqual(snapshot.namespaces.count, 1)
        XCTAssertNil(snapshot.namespaces[0].name)
    }

    func testNetnsAddMakesANamespaceWithItsOwnLoopback() throws {
        try backend.addNamespace("bind1")
        XCTAssertEqual(backend.namespaceNames(), ["bind1"])
        XCTAssertNoThrow(try backend.checkNamespace(.named("bind1")))
        let links = try backend.links(in: .named("bind1"))
        XCTAssertEqual(links.map(\.name), ["lo"])
        XCTAssertEqual(links.first?.ifindex, 1)
        XCTAssertEqual(links.first?.operstate, "DOWN")
        // The new namespace's lo is not the initial one's.
        try set("lo", .up, in: .named("bind1"))
        XCTAssertEqual(link("lo")?.isUp, false)
        XCTAssertEqual(link("lo", in: .named("bind1"))?.isUp, true)
    }

    func testNamespaceNamesAreListedSorted() throws {
        for name in ["zeta", "alpha", "mid"] { try backend.addNamespace(name) }
        XCTAssertEqual(backend.namespaceNames(), ["alpha", "mid", "zeta"])
    }

    func testDuplicateNamespaceIsEEXIST() throws {
        try backend.addNamespace("bind1")
        assertKernelError(.EEXIST) { () throws(KernelError) in try backend.addNamespace("bind1") }
        XCTAssertEqual(backend.namespaceNames(), ["bind1"])
    }

    func testInvalidNamespaceNamesAreEINVAL() {
        for name in ["", ".", "..", "a/b"] {
            assertKernelError(.EINVAL) { () throws(KernelError) in try backend.addNamespace(name) }
        }
        XCTAssertEqual(backend.namespaceNames(), [])
    }

    func testDeleteNamespace() throws {
        try backend.addNamespace("bind1")
        try backend.deleteNamespace("bind1")
        XCTAssertEqual(backend.namespaceNames(), [])
        assertKernelError(.ENOENT) { () throws(KernelError) in try backend.checkNamespace(.named("bind1")) }
        assertKernelError(.ENOENT) { () throws(KernelError) in _ = try backend.links(in: .named("bind1")) }
        XCTAssertEqual(backend.snapshot().namespaces.count, 1)
        // The name can be used again.
        XCTAssertNoThrow(try backend.addNamespace("bind1"))
    }

    func testDeleteMissingNamespaceIsENOENT() {
        assertKernelError(.ENOENT) { () throws(KernelError) in try backend.deleteNamespace("nope") }
    }

    func testMissingNamespaceReferences() {
        assertKernelError(.ENOENT) { () throws(KernelError) in try backend.checkNamespace(.named("nope")) }
        assertKernelError(.ENOENT) { () throws(KernelError) in try backend.checkNamespace(.pid(4242)) }
        assertKernelError(.ENOENT) { () throws(KernelError) in try backend.checkNamespace(.path("/run/netns/nope")) }
        assertKernelError(.ENOENT) { () throws(KernelError) in try backend.checkNamespace(.path("/proc/4242/ns/net")) }
        assertKernelError(.ENOENT) { () throws(KernelError) in try backend.checkNamespace(.path("/tmp/not-a-netns")) }
        assertKernelError(.ENOENT) { () throws(KernelError) in try bridge("br0", in: .named("nope")) }
    }

    func testPathReferences() throws {
        try backend.addNamespace("ns1")
        try bridge("br0", in: .path("/run/netns/ns1"))
        XCTAssertEqual(names(in: .named("ns1")), ["lo", "br0"])
        try bridge("br1", in: .path("/proc/self/ns/net"))
        XCTAssertEqual(names(in: .initial), ["lo", "br1"])
    }

    func testContainersAreReachedByPidAndPath() throws {
        kernel.addContainer(pid: 4242)
        XCTAssertNoThrow(try backend.checkNamespace(.pid(4242)))
        XCTAssertNoThrow(try backend.checkNamespace(.path("/proc/4242/ns/net")))
        XCTAssertEqual(names(in: .pid(4242)), ["lo"])
        XCTAssertEqual(link("lo", in: .pid(4242))?.ifindex, 1)
        try veth("eth0", peer: "veth0", in: .pid(4242))
        XCTAssertEqual(names(in: .path("/proc/4242/ns/net")), ["lo", "veth0", "eth0"])
        // A container's namespace is not a named one.
        XCTAssertEqual(backend.namespaceNames(), [])
        let snapshot = backend.snapshot()
        XCTAssertEqual(snapshot.namespaces.map(\.name), [nil, "pid:4242"])
        XCTAssertEqual(snapshot.namespaces[1].links.map(\.name), ["lo", "veth0", "eth0"])
    }

    func testAddingTheSameContainerTwiceKeepsOneNamespace() throws {
        kernel.addContainer(pid: 7)
        try bridge("br0", in: .pid(7))
        kernel.addContainer(pid: 7)
        XCTAssertEqual(names(in: .pid(7)), ["lo", "br0"])
        XCTAssertEqual(backend.snapshot().namespaces.count, 2)
    }

    func testSnapshotOrderInitialThenNamedByNameThenContainersByPid() throws {
        kernel.addContainer(pid: 20)
        try backend.addNamespace("zeta")
        kernel.addContainer(pid: 10)
        try backend.addNamespace("alpha")
        XCTAssertEqual(backend.snapshot().namespaces.map(\.name), [nil, "alpha", "zeta", "pid:10", "pid:20"])
    }

    func testPeerNamespaceOfAContainerIsNamedByPid() throws {
        kernel.addContainer(pid: 4242)
        try veth("veth-c", peer: "eth0", peerNamespace: .pid(4242))
        XCTAssertEqual(link("veth-c")?.peer?.name, "eth0")
        XCTAssertEqual(link("veth-c")?.peer?.namespace, "pid:4242")
        XCTAssertEqual(link("eth0", in: .pid(4242))?.peer?.name, "veth-c")
        XCTAssertNil(link("eth0", in: .pid(4242))?.peer?.namespace)
    }
}

final class IfindexTests: KernelTestCase {
    func testIndexesCountUpFromLoopback() throws {
        try bridge("br0")
        try bridge("br1")
        XCTAssertEqual(indexes(), ["lo": 1, "br0": 2, "br1": 3])
    }

    func testVethPeerIsCreatedFirstAndGetsTheLowerIndex() throws {
        try veth("A1", peer: "B1")
        XCTAssertEqual(indexes(), ["lo": 1, "B1": 2, "A1": 3])
        XCTAssertEqual(names(), ["lo", "B1", "A1"], "links are listed by ifindex")
    }

    func testEachNamespaceHasItsOwnCounter() throws {
        try bridge("br0")
        try bridge("br1")
        try bridge("br2")
        try backend.addNamespace("ns1")
        try veth("A1", peer: "B1", in: .named("ns1"))
        XCTAssertEqual(indexes(in: .named("ns1")), ["lo": 1, "B1": 2, "A1": 3])
        try bridge("br3")
        XCTAssertEqual(link("br3")?.ifindex, 5)
    }

    func testVethWithPeerInAnotherNamespaceUsesBothCounters() throws {
        try bridge("br0")
        try backend.addNamespace("ns1")
        try veth("A1", peer: "B1", peerNamespace: .named("ns1"))
        XCTAssertEqual(link("A1")?.ifindex, 3)
        XCTAssertEqual(link("B1", in: .named("ns1"))?.ifindex, 2)
    }

    func testIndexesAreNotReusedAfterDelete() throws {
        try bridge("br0")
        try backend.deleteLink("br0", in: .initial)
        try bridge("br1")
        XCTAssertEqual(link("br1")?.ifindex, 3)
        try veth("A1", peer: "B1")
        try backend.deleteLink("A1", in: .initial)
        try bridge("br2")
        XCTAssertEqual(link("br2")?.ifindex, 6)
    }

    func testMovedDeviceKeepsItsIndexAndTheCounterSkipsIt() throws {
        try bridge("br0")  // 2
        try veth("A1", peer: "B1")  // B1 3, A1 4
        try backend.addNamespace("ns1")
        try set("A1", .namespace(.named("ns1")))
        XCTAssertEqual(link("A1", in: .named("ns1"))?.ifindex, 4)
        try bridge("x2", in: .named("ns1"))
        try bridge("x3", in: .named("ns1"))
        try bridge("x5", in: .named("ns1"))
        XCTAssertEqual(indexes(in: .named("ns1")), ["lo": 1, "x2": 2, "x3": 3, "A1": 4, "x5": 5])
        XCTAssertEqual(link("x5", in: .named("ns1"))?.ifindex, 5)
        // The initial namespace's counter is not touched either.
        try bridge("br5")
        XCTAssertEqual(link("br5")?.ifindex, 5)
    }

    func testMovedDeviceGetsANewIndexWhenItsIndexIsTaken() throws {
        try backend.addNamespace("ns1")
        try veth("X1", peer: "Y1", in: .named("ns1"))  // Y1 2, X1 3
        try veth("A1", peer: "B1")  // B1 2, A1 3
        try set("A1", .namespace(.named("ns1")))
        XCTAssertEqual(link("A1", in: .named("ns1"))?.ifindex, 4)
        XCTAssertEqual(link("X1", in: .named("ns1"))?.ifindex, 3)
        // The peer's view follows the new identity.
        XCTAssertEqual(link("B1")?.peer?.name, "A1")
        XCTAssertEqual(link("B1")?.peer?.namespace, "ns1")
    }

    func testMovingBackReturnsTheOriginalIndexWhenFree() throws {
        try veth("A1", peer: "B1")  // B1 2, A1 3
        try backend.addNamespace("ns1")
        try set("A1", .namespace(.named("ns1")))
        try set("A1", .namespace(.initial), in: .named("ns1"))
        XCTAssertEqual(link("A1")?.ifindex, 3)
        XCTAssertEqual(names(in: .named("ns1")), ["lo"])
    }
}
