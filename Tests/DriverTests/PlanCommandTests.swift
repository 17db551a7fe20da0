import Foundation
import XCTest

/// `dnsh plan --from STATE` (no root needed) and `dnsh run --converge`: what users of the plan
/// see, and the exit codes that tell whether anything would change.
final class PlanCommandTests: XCTestCase {
    let fleet = "scripts/bind-fleet.dn"

    /// A state file: what `dnsh run --json` prints after the script (the state format).
    func stateFile(_ arguments: [String]) throws -> String {
        let run = runDnsh(["run", "--json"] + arguments)
        XCTAssertEqual(run.code, 0, run.err)
        let path = NSTemporaryDirectory() + "dnsh-plan-\(UUID().uuidString).json"
        try run.out.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testNothingToDoSaysSoAndExitsZero() throws {
        let state = try stateFile([fleet, "-p", "count=3"])
        let plan = runDnsh(["plan", "--from", state, fleet, "-p", "count=3"])
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasSuffix("0 changes\n"), plan.out)
        XCTAssertFalse(plan.out.contains("+ "))
    }

    func testPendingChangesAreListedPerNamespaceAndExitSix() throws {
        let state = try stateFile([fleet, "-p", "count=2"])
        let plan = runDnsh(["plan", "--from", state, fleet, "-p", "count=3"])
        XCTAssertEqual(plan.code, 6, plan.err)
        let expected = """
            # initial namespace
            + link veth-bind3 (veth): peer eth0 in bind3, master docker0, up
            # netns bind3
            + netns bind3
            + link eth0 (veth): peer veth-bind3 in the initial namespace, address 02:42:0a:03:10:0d, up
            + addr 10.3.16.13/20 dev eth0
            + route default via 10.3.16.1 dev eth0
            5 changes (5 to add, 0 to change, 0 to remove)

            """
        XCTAssertTrue(plan.out.hasSuffix(expected), plan.out)
    }

    func testTheIPFormatIsAShellScriptOfBatchesPerNamespace() throws {
        let state = try stateFile(["/dev/null"])
        let plan = runDnsh(["plan", "--from", state, "--format", "ip", fleet, "-p", "count=1"])
        XCTAssertEqual(plan.code, 6, plan.err)
        let expected = """
            #!/bin/sh
            # 9 requests, in order; run as root
            set -e
            ip -batch - <<'EOF'
            netns add bind1
            link add docker0 type bridge
            link add veth-bind1 master docker0 type veth peer name eth0 netns bind1 address 02:42:0a:03:10:0b
            link set dev docker0 up
            link set dev veth-bind1 up
            address add 10.3.16.1/20 dev docker0
            EOF
            ip -n bind1 -batch - <<'EOF'
            link set dev eth0 up
            address add 10.3.16.11/20 dev eth0
            route add default via 10.3.16.1 dev eth0
            EOF

            """
        XCTAssertEqual(plan.out, expected)
        XCTAssertTrue(plan.err.contains("bind1: eth0"), "the script's output goes to stderr")
    }

    func testJSONHoldsTheChangesAndRequests() throws {
        let state = try stateFile(["/dev/null"])
        let plan = runDnsh(["plan", "--json", "--from", state, fleet, "-p", "count=1"])
        XCTAssertEqual(plan.code, 6)
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(plan.out.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 7)
        XCTAssertEqual(changes.first?["change"] as? String, "+ link docker0 (bridge): up")
        XCTAssertEqual((object["requests"] as? [Any])?.count, 9)
        XCTAssertEqual(object["exit_code"] as? Int, 6)
        XCTAssertTrue(plan.err.contains("bind1: eth0 10.3.16.11/20"), "the script's output goes to stderr")
    }

    func testAScriptErrorWhilePlanningChangesNothing() throws {
        let state = try stateFile(["/dev/null"])
        let plan = runDnsh(["plan", "--from", state, "tests/kernel/route_gateway_unreachable_enetunreach.dn"])
        XCTAssertEqual(plan.code, 4)
        XCTAssertTrue(plan.err.contains("error: route add"), plan.err)
        XCTAssertTrue(plan.err.contains("dnsh: nothing was changed on the host"), plan.err)
    }

    func testUnknownFormatIsAUsageError() throws {
        let plan = runDnsh(["plan", "--from", try stateFile(["/dev/null"]), "--format", "yaml", fleet])
        XCTAssertEqual(plan.code, 2)
        XCTAssertTrue(plan.err.contains("unknown plan format 'yaml': use text or ip"), plan.err)
    }

    func testRunConvergeTreatsWhatHoldsAsDone() throws {
        let state = try stateFile([fleet])
        let strict = runDnsh(["run", "--from", state, fleet])
        XCTAssertEqual(strict.code, 4)
        XCTAssertTrue(strict.err.contains("File exists (EEXIST)"), strict.err)
        let converging = runDnsh(["run", "--converge", "--from", state, "--no-summary", fleet])
        XCTAssertEqual(converging.code, 0, converging.err)
    }

    func testUndoPlanRemovesWhatTheScriptCreates() throws {
        let state = try stateFile([fleet, "-p", "count=2"])
        let plan = runDnsh(["plan", "--from", state, fleet, "-p", "count=2", "--undo"])
        XCTAssertEqual(plan.code, 6)
        for line in ["- link docker0", "- link veth-bind1", "- netns bind1", "- netns bind2"] {
            XCTAssertTrue(plan.out.contains(line + "\n"), plan.out)
        }
    }
}
