import NetModel
import XCTest

@testable import Driver

/// Plans and transactions on the simulated kernel: a plan brings the live state to the script's
/// end state, a second plan is empty, undo brings it back, and a failure at any request leaves
/// the state exactly as it was.
final class TransactionTests: XCTestCase {
    static let base = (try? String(contentsOfFile: "conformance/transaction/base.dn", encoding: .utf8)) ?? ""
    static let changes = (try? String(contentsOfFile: "conformance/transaction/changes.dn", encoding: .utf8)) ?? ""

    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "dnsh-tx-\(UUID().uuidString).dn"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// The state a script leaves on a fresh simulated kernel.
    func state(after script: String, _ parameters: [(String, String)] = []) throws -> NetworkState {
        var runner = ScriptRunner()
        runner.parameters = parameters
        let result = runner.run(path: try write(script))
        XCTAssertEqual(result.exitCode, .success, "\(result.diagnostics)")
        return try XCTUnwrap(result.state)
    }

    func plan(_ path: String, on live: NetworkState, _ parameters: [(String, String)] = [], undo: Bool = false)
        throws -> ApplyCommand.Planned
    {
        var options = Options()
        options.parameters = parameters
        let console = Console(out: { _ in }, err: { _ in }, colored: false)
        let (planned, result) = ApplyCommand.plan(path, options, live: live, undo: undo, console)
        return try XCTUnwrap(planned, "\(result.diagnostics) \(result.message ?? "")")
    }

    func kernel(_ state: NetworkState) throws -> SimulatedKernel {
        let kernel = SimulatedKernel()
        try kernel.restore(state)
        return kernel
    }

    /// For every k, a fault at the k-th request rolls back to exactly the state before.
    func assertEveryFaultRollsBack(_ planned: ApplyCommand.Planned, from live: NetworkState) throws {
        let operations = planned.plan.operations
        XCTAssertFalse(operations.isEmpty)
        for k in 1...operations.count {
            let kernel = try kernel(live)
            var transaction = Transaction(operations)
            transaction.failAt = k
            let outcome = transaction.run(on: kernel)
            XCTAssertEqual(outcome.failure?.index, k - 1)
            XCTAssertEqual(
                outcome.failure.map { "\($0.error)" }, "Input/output error (EIO): fault injected by DNSH_FAIL_AT")
            XCTAssertTrue(outcome.rollbackFailures.isEmpty, "k=\(k): \(outcome.rollbackFailures)")
            XCTAssertEqual(kernel.snapshot(), live, "k=\(k): \(StateDiff.lines(from: live, to: kernel.snapshot()))")
        }
    }

    func testTheFleetOnAPartlyAppliedHost() throws {
        let fleet = "scripts/bind-fleet.dn"
        let host = SimulatedKernel()
        XCTAssertTrue(
            Transaction(try plan(fleet, on: host.snapshot(), [("count", "2")]).plan.operations).run(on: host).succeeded)
        let live = host.snapshot()
        let planned = try plan(fleet, on: live, [("count", "6")])
        XCTAssertEqual(planned.plan.changes.filter { $0.line.hasPrefix("+ netns") }.count, 4, "only bind3..bind6")
        XCTAssertFalse(planned.plan.changes.contains { $0.line.hasPrefix("-") || $0.line.hasPrefix("~") })
        try assertEveryFaultRollsBack(planned, from: live)
    }

    func testEveryKindOfChangeRollsBack() throws {
        let live = try state(after: Self.base)
        let planned = try plan(try write(Self.changes), on: live)
        let lines = planned.plan.changes.map(\.line)
        for expected in [
            "~ link p1: nomaster", "~ link docker0: mtu 1400", "- link q2", "~ link eth1: name wan0",
            "- addr 10.9.0.2/24 dev peer1", "- route 10.50.0.0/16 via 10.9.0.2 dev eth1",
            "~ link x1: netns ns1, name eth5, up",
            "+ addr 10.7.0.1/24 dev eth5", "- link m1", "- netns old", "+ netns fresh",
        ] {
            XCTAssertTrue(lines.contains(expected), "missing '\(expected)' in \(lines)")
        }
        try assertEveryFaultRollsBack(planned, from: live)
    }

    func testApplyThenAgainThenUndo() throws {
        let live = try state(after: Self.base)
        let path = try write(Self.changes + "\nlink add br9 type bridge\naddr add 10.99.0.1/24 dev wan0\n")
        let planned = try plan(path, on: live)
        let kernel = try kernel(live)
        XCTAssertTrue(Transaction(planned.plan.operations).run(on: kernel).succeeded)
        let applied = kernel.snapshot()
        XCTAssertEqual(
            Verification.mismatches(expected: planned.plan.expected, actual: applied, namespaces: planned.plan.touched),
            [])
        // Applying again changes nothing (the script deletes and moves: each has already happened).
        XCTAssertEqual(try plan(path, on: applied).plan.changes.map(\.line), [])
        // Undo removes what the script creates (br9, fresh, n1/n2, the address) and nothing else.
        let undo = try plan(path, on: applied, undo: true)
        XCTAssertEqual(
            Set(undo.plan.changes.map(\.line)),
            ["- link br9", "- link n1", "- netns fresh", "- addr 10.99.0.1/24 dev wan0", "- addr 10.7.0.1/24 dev eth5"])
        XCTAssertTrue(Transaction(undo.plan.operations).run(on: kernel).succeeded)
        try assertEveryFaultRollsBack(undo, from: applied)
    }

    /// Drift inside a container: its address was flushed by hand. The plan adds it back (and the
    /// route that went with it) by the index the device has on the host, although the rules of
    /// apply moved the device out and back in the simulation.
    func testDriftInsideAContainerIsRepairedByTheRightIndex() throws {
        let fleet = "scripts/bind-fleet.dn"
        // Applied as apply does it (new devices at the indexes the plan chose), then drifted.
        let applied = SimulatedKernel()
        let first = try plan(fleet, on: applied.snapshot(), [("count", "2")])
        XCTAssertTrue(Transaction(first.plan.operations).run(on: applied).succeeded)
        try applied.flushAddresses(device: "eth0", in: .named("bind2"))
        let live = applied.snapshot()
        let planned = try plan(fleet, on: live, [("count", "2")])
        XCTAssertEqual(
            planned.plan.changes.map(\.line),
            ["+ addr 10.3.16.12/20 dev eth0", "+ route default via 10.3.16.1 dev eth0"])
        let outcome = Transaction(planned.plan.operations).run(on: applied)
        XCTAssertTrue(outcome.succeeded, "\(String(describing: outcome.failure))")
        XCTAssertEqual(
            Verification.mismatches(
                expected: planned.plan.expected, actual: applied.snapshot(), namespaces: planned.plan.touched), [])
        try assertEveryFaultRollsBack(planned, from: live)
    }

    /// A bridge port someone set down: the plan raises it; undoing that keeps it in its bridge.
    func testUndoingARaiseKeepsTheBridge() throws {
        let fleet = "scripts/bind-fleet.dn"
        let host = SimulatedKernel()
        XCTAssertTrue(
            Transaction(try plan(fleet, on: host.snapshot(), [("count", "2")]).plan.operations).run(on: host).succeeded)
        try host.setLink("veth-bind2", [.down], in: .initial)
        try host.flushAddresses(device: "eth0", in: .named("bind2"))
        let live = host.snapshot()
        let planned = try plan(fleet, on: live, [("count", "2")])
        XCTAssertEqual(
            planned.plan.changes.map(\.line),
            ["~ link veth-bind2: up", "+ addr 10.3.16.12/20 dev eth0", "+ route default via 10.3.16.1 dev eth0"])
        try assertEveryFaultRollsBack(planned, from: live)
    }

    /// Requests that name new devices never share a send with their creation: if a creation
    /// fails (its index taken meanwhile), they would reach another device.
    func testCreationsEndTheirBatch() throws {
        let planned = try plan("scripts/bind-fleet.dn", on: SimulatedKernel().snapshot(), [("count", "3")])
        let transaction = Transaction(planned.plan.operations)
        var start = 0
        while start < transaction.operations.count {
            let end = transaction.batchEnd(from: start)
            let creations = transaction.operations[start..<end].map {
                if case .addLink = $0.operation { true } else { false }
            }
            if let first = creations.firstIndex(of: true) {
                XCTAssertFalse(creations[first...].contains(false), "a batch goes on after creating devices")
            }
            start = end
        }
    }

    /// Only the sysctls a plan sets are checked after an apply: a new namespace's others come
    /// from the host (IPv4's are copied from its first namespace).
    func testTheCheckLooksAtTheSysctlsThePlanSets() throws {
        let expected = NetworkState(namespaces: [
            .init(name: "r", links: [], routes: [], sysctls: ["net.ipv4.ip_forward": "0"])
        ])
        let actual = NetworkState(namespaces: [
            .init(name: "r", links: [], routes: [], sysctls: ["net.ipv4.ip_forward": "1"])
        ])
        XCTAssertEqual(Verification.mismatches(expected: expected, actual: actual, namespaces: ["r"]), [])
        XCTAssertEqual(
            Verification.mismatches(
                expected: expected, actual: actual, namespaces: ["r"], settings: [("r", "net.ipv4.ip_forward", "0")]),
            ["r: net.ipv4.ip_forward is 1, expected 0"])
    }

    func testTheIPFormatNamesNamespacesAsIPDoes() {
        let move = KernelOperation.setLink(LinkTarget("eth0"), [.namespace(.pid(123))], masterIndex: nil, .initial)
        XCTAssertEqual(OperationText.ip(move), "link set dev eth0 netns 123")
        let home = KernelOperation.setLink(LinkTarget("eth0"), [.namespace(.initial)], masterIndex: nil, .named("b"))
        XCTAssertEqual(OperationText.ip(home), "link set dev eth0 netns 1")
    }

    func testASignalStopsAndRollsBack() throws {
        let live = try state(after: Self.base)
        let planned = try plan(try write(Self.changes), on: live)
        let kernel = try kernel(live)
        var transaction = Transaction(planned.plan.operations)
        var polls = 0
        transaction.interruption = {
            polls += 1
            return polls > 3 ? 2 : nil
        }
        let outcome = transaction.run(on: kernel)
        XCTAssertEqual(outcome.signal, 2)
        XCTAssertGreaterThan(outcome.done, 0)
        XCTAssertEqual(kernel.snapshot(), live)
    }
}
