import Foundation
import XCTest

/// Sites on the command line: the dry run of every host with its reachability checks, and one
/// host's part planned against a state file with --host.
final class SiteCommandTests: XCTestCase {
    let site = "scripts/site.dn"

    func stateFile(_ script: String) throws -> String {
        let source = NSTemporaryDirectory() + "dnsh-site-\(UUID().uuidString).dn"
        try script.write(toFile: source, atomically: true, encoding: .utf8)
        let run = runDnsh(["run", "--json", source])
        XCTAssertEqual(run.code, 0, run.err)
        let path = source + ".json"
        try run.out.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock {
            try? FileManager.default.removeItem(atPath: source)
            try? FileManager.default.removeItem(atPath: path)
        }
        return path
    }

    func testTheSiteDryRunChecksReachabilityOnEveryHost() {
        let run = runDnsh(["run", site])
        XCTAssertEqual(run.code, 0, run.err)
        for line in [
            "reach docker1:bind1 10.3.0.1 true", "reach gw: 10.3.16.14 true", "reach docker1:quarantine 10.3.0.1 false",
            "reach gw: 10.3.16.100 false", "-- 3 changes on host gw:", "   + route 10.3.16.0/20 via 10.3.0.2 dev eth1",
            "-- 30 changes on host docker1:", "   ~ sysctl net.ipv4.ip_forward = 1",
        ] {
            XCTAssertTrue(run.out.contains(line + "\n"), "missing '\(line)' in\n\(run.out)")
        }
    }

    func testTraceShowsEveryReachsHops() {
        let run = runDnsh(["run", "--trace", "--no-summary", site])
        XCTAssertEqual(run.code, 0, run.err)
        let expected = [
            "docker1/bind1: to 10.3.0.1 via eth0 and 10.3.16.1", "docker1: to 10.3.0.1 via eth0",
            "gw: 10.3.0.1 is here", "back: gw: to 10.3.16.11 via eth1 and 10.3.0.2",
            "back: docker1: to 10.3.16.11 via docker0",
            "back: docker1/bind1: 10.3.16.11 is here",
        ].map { $0 + "\n" }.joined()
        XCTAssertTrue(run.out.hasPrefix(expected), run.out)
    }

    func testJSONHasEveryHostsState() throws {
        let run = runDnsh(["run", "--json", site])
        XCTAssertEqual(run.code, 0, run.err)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let hosts = try XCTUnwrap(object["hosts"] as? [[String: Any]])
        XCTAssertEqual(hosts.compactMap { $0["name"] as? String }, ["gw", "docker1"])
        let docker1 = try XCTUnwrap(hosts.last?["namespaces"] as? [[String: Any]])
        XCTAssertEqual(
            docker1.compactMap { $0["name"] as? String }, ["bind1", "bind2", "bind3", "bind4", "quarantine"])
        let initial = try XCTUnwrap(docker1.first { $0["name"] is NSNull })
        XCTAssertEqual((initial["sysctl"] as? [String: String])?["net.ipv4.ip_forward"], "1")
    }

    func testAHostWithoutForwardingBreaksTheSiteBeforeAnythingIsApplied() throws {
        let text = try String(contentsOfFile: site, encoding: .utf8)
            .replacingOccurrences(of: "sysctl net.ipv4.ip_forward 1", with: "")
        let path = NSTemporaryDirectory() + "dnsh-site-\(UUID().uuidString).dn"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = runDnsh(["run", path])
        XCTAssertEqual(run.code, 5)
        XCTAssertTrue(run.err.contains("assertion failed: bind1 cannot reach the gateway"), run.err)
    }

    func testOneHostsPartIsPlannedWithTheOthersSimulated() throws {
        let gateway = try stateFile("link add eth1 type veth peer name uplink\n")
        let plan = runDnsh(["plan", "--from", gateway, "--host", "gw", site])
        XCTAssertEqual(plan.code, 6, plan.err)
        XCTAssertTrue(
            plan.out.hasSuffix(
                """
                # initial namespace
                ~ link eth1: up
                + addr 10.3.0.1/24 dev eth1
                + route 10.3.16.0/20 via 10.3.0.2 dev eth1
                3 changes (2 to add, 1 to change, 0 to remove)

                """),
            plan.out)
    }

    func testACableEndTheHostLacksIsAnError() throws {
        let empty = try stateFile("")
        let plan = runDnsh(["plan", "--from", empty, "--host", "gw", site])
        XCTAssertEqual(plan.code, 4)
        XCTAssertTrue(
            plan.err.contains(
                "error: cable: gw eth1: No such device (ENODEV): this host has no device \"eth1\" for the cable"),
            plan.err)
    }

    func testHostOptionErrors() throws {
        let bad = runDnsh(["plan", "--host", "two words", site])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.err.contains("--host needs a host's name (a word), not 'two words'"), bad.err)
        let unknown = runDnsh(["plan", "--from", try stateFile(""), "--host", "mars", "scripts/bind-fleet.dn"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.err.contains("--host mars: the script has no 'host mars { }' block"), unknown.err)
    }

    func testReachNeedsTheSimulatedKernel() throws {
        guard geteuid() == 0 else { throw XCTSkip("run --real needs root") }
        let path = NSTemporaryDirectory() + "dnsh-reach-\(UUID().uuidString).dn"
        try "print (reach initial 127.0.0.1)\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = runDnsh(["run", "--real", "--no-summary", path])
        XCTAssertEqual(run.code, 4)
        XCTAssertTrue(
            run.err.contains("reach: works on simulated kernels (dnsh run, plan, apply), not on the live one"), run.err)
    }
}
