import Driver
import Foundation
import XCTest

/// Collects what dnsh writes; locked because scripts run on a thread of their own.
private final class NetCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""

    var out: String { lock.withLock { outText } }
    var err: String { lock.withLock { errText } }

    var console: Console {
        Console(
            out: { s in self.lock.withLock { self.outText += s } },
            err: { s in self.lock.withLock { self.errText += s } },
            colored: false)
    }
}

private struct NetRun {
    var code: Int32
    var out: String
    var err: String
}

/// `dnsh run` of scripts that drive the simulated kernel, checked as a user reads the output.
final class NetworkDriverTests: XCTestCase {
    private var directory: URL!

    /// The repository root, from this file's path (Tests/DriverTests/NetworkDriverTests.swift).
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    private static let fleet = root.appendingPathComponent("scripts/bind-fleet.dn").path

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dnsh-network-driver-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String, name: String = "net.dn") throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func run(_ arguments: String...) -> NetRun {
        let capture = NetCapture()
        let code = Dnsh.main(arguments, console: capture.console)
        return NetRun(code: code, out: capture.out, err: capture.err)
    }

    private func document(
        _ text: String, file: StaticString = #filePath, line: UInt = #line
    ) -> [String: Any] {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            XCTFail("standard output is not one JSON object: \(text)", file: file, line: line)
            return [:]
        }
        return object
    }

    private func namespaces(_ doc: [String: Any]) -> [[String: Any]] {
        doc["namespaces"] as? [[String: Any]] ?? []
    }

    /// The namespace named `name` (nil: the initial one).
    private func namespace(
        _ doc: [String: Any], _ name: String?, file: StaticString = #filePath, line: UInt = #line
    ) -> [String: Any] {
        let found = namespaces(doc).first { ns in
            if let name { return ns["name"] as? String == name }
            return ns["name"] is NSNull
        }
        guard let found else {
            XCTFail(
                "no namespace \(name ?? "null") in \(namespaces(doc).map { $0["name"] ?? "?" })", file: file, line: line
            )
            return [:]
        }
        return found
    }

    private func links(_ ns: [String: Any]) -> [[String: Any]] { ns["links"] as? [[String: Any]] ?? [] }
    private func routes(_ ns: [String: Any]) -> [[String: Any]] { ns["routes"] as? [[String: Any]] ?? [] }

    private func link(
        _ ns: [String: Any], _ name: String, file: StaticString = #filePath, line: UInt = #line
    ) -> [String: Any] {
        guard let found = links(ns).first(where: { $0["ifname"] as? String == name }) else {
            XCTFail("no link \(name): \(links(ns).map { $0["ifname"] ?? "?" })", file: file, line: line)
            return [:]
        }
        return found
    }

    private func addresses(_ link: [String: Any]) -> [String] {
        (link["addr_info"] as? [[String: Any]] ?? []).map {
            "\($0["local"] as? String ?? "?")/\($0["prefixlen"] as? Int ?? -1)"
        }
    }

    private func flags(_ link: [String: Any]) -> [String] { link["flags"] as? [String] ?? [] }

    // MARK: - --json

    func testJSONDocumentHasTheStateFormat() throws {
        let path = try write(
            """
            netns add bind1
            link add br0 type bridge
            addr add 10.0.0.1/24 dev br0
            link set br0 up
            link add A1 type veth peer name B1 netns bind1
            link set A1 master br0 up
            in bind1 {
                link set B1 up
                addr add 10.0.0.2/24 dev B1
                route add default via 10.0.0.1
            }
            link add P1 type veth peer name Q1
            link add mv0 link P1 type macvlan mode bridge
            link add vx0 type vxlan id 42
            print "done"
            """)
        let r = run("run", path, "--json")
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.err, "done\n", "the script's output goes to standard error")
        let doc = document(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 0)
        XCTAssertEqual((doc["diagnostics"] as? [Any])?.count, 0)
        XCTAssertEqual(namespaces(doc).count, 2)
        XCTAssertTrue(namespaces(doc).first?["name"] is NSNull, "the initial namespace comes first, named null")
        XCTAssertEqual(namespaces(doc).last?["name"] as? String, "bind1")

        let initial = namespace(doc, nil)
        XCTAssertEqual(links(initial).map { $0["ifname"] as? String }, ["lo", "br0", "A1", "Q1", "P1", "mv0", "vx0"])
        let lo = link(initial, "lo")
        XCTAssertEqual(lo["ifindex"] as? Int, 1)
        XCTAssertEqual(lo["kind"] as? String, "loopback")
        XCTAssertEqual(flags(lo), ["LOOPBACK"])
        XCTAssertEqual(lo["operstate"] as? String, "DOWN")
        XCTAssertEqual(lo["mtu"] as? Int, 65536)
        XCTAssertEqual(lo["address"] as? String, "00:00:00:00:00:00")

        let br0 = link(initial, "br0")
        XCTAssertEqual(br0["kind"] as? String, "bridge")
        XCTAssertEqual(flags(br0), ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"])
        XCTAssertEqual(br0["operstate"] as? String, "UP")
        XCTAssertEqual(br0["mtu"] as? Int, 1500)
        XCTAssertNotNil((br0["address"] as? String).flatMap { $0.count == 17 ? $0 : nil })
        XCTAssertNil(br0["master"], "no master key without a master")
        XCTAssertNil(br0["peer"])
        let info = try XCTUnwrap((br0["addr_info"] as? [[String: Any]])?.first)
        XCTAssertEqual(info["family"] as? String, "inet")
        XCTAssertEqual(info["local"] as? String, "10.0.0.1")
        XCTAssertEqual(info["prefixlen"] as? Int, 24)
        XCTAssertEqual(info["scope"] as? String, "global")

        let a1 = link(initial, "A1")
        XCTAssertEqual(a1["kind"] as? String, "veth")
        XCTAssertEqual(a1["master"] as? String, "br0")
        let peer = try XCTUnwrap(a1["peer"] as? [String: Any])
        XCTAssertEqual(peer["ifname"] as? String, "B1")
        XCTAssertEqual(peer["netns"] as? String, "bind1")
        XCTAssertEqual(addresses(a1), [])

        let mv0 = link(initial, "mv0")
        XCTAssertEqual(mv0["kind"] as? String, "macvlan")
        XCTAssertEqual(mv0["link"] as? String, "P1")
        XCTAssertEqual(mv0["macvlan_mode"] as? String, "bridge")

        let vx0 = link(initial, "vx0")
        XCTAssertEqual(vx0["kind"] as? String, "vxlan")
        let vxlan = try XCTUnwrap(vx0["vxlan"] as? [String: Any])
        XCTAssertEqual(vxlan["id"] as? Int, 42)
        XCTAssertEqual(vxlan["port"] as? Int, 8472)

        let connected = try XCTUnwrap(routes(initial).first)
        XCTAssertEqual(routes(initial).count, 1)
        XCTAssertEqual(connected["family"] as? String, "inet")
        XCTAssertEqual(connected["dst"] as? String, "10.0.0.0/24")
        XCTAssertNil(connected["gateway"])
        XCTAssertEqual(connected["dev"] as? String, "br0")
        XCTAssertEqual(connected["protocol"] as? String, "kernel")
        XCTAssertEqual(connected["scope"] as? String, "link")
        XCTAssertEqual(connected["metric"] as? Int, 0)
        XCTAssertEqual(connected["prefsrc"] as? String, "10.0.0.1")

        let bind1 = namespace(doc, "bind1")
        let b1 = link(bind1, "B1")
        XCTAssertEqual(b1["operstate"] as? String, "UP")
        let backPeer = try XCTUnwrap(b1["peer"] as? [String: Any])
        XCTAssertEqual(backPeer["ifname"] as? String, "A1")
        XCTAssertTrue(backPeer["netns"] is NSNull, "the initial namespace is null")
        XCTAssertEqual(addresses(b1), ["10.0.0.2/24"])
        let defaultRoute = try XCTUnwrap(routes(bind1).first)
        XCTAssertEqual(defaultRoute["dst"] as? String, "default")
        XCTAssertEqual(defaultRoute["gateway"] as? String, "10.0.0.1")
        XCTAssertEqual(defaultRoute["dev"] as? String, "B1")
        XCTAssertEqual(defaultRoute["protocol"] as? String, "boot")
        XCTAssertEqual(defaultRoute["scope"] as? String, "universe")
        XCTAssertEqual(defaultRoute["metric"] as? Int, 0)
        XCTAssertEqual(routes(bind1).count, 2)
    }

    func testJSONOfAnUntouchedKernel() throws {
        let path = try write("print 1\n")
        let r = run("run", "--json", path)
        XCTAssertEqual(r.code, 0)
        let doc = document(r.out)
        XCTAssertEqual(namespaces(doc).count, 1)
        XCTAssertEqual(links(namespace(doc, nil)).map { $0["ifname"] as? String }, ["lo"])
        XCTAssertEqual(routes(namespace(doc, nil)).count, 0)
        XCTAssertFalse(r.out.contains("change"), "no summary in JSON mode")
    }

    // MARK: - The summary

    func testPlainRunPrintsTheScriptOutputThenTheChanges() throws {
        let path = try write(
            """
            link add br0 type bridge
            link set br0 up
            addr add 10.0.0.1/24 dev br0
            netns add ns1
            print "wired"
            """)
        let r = run("run", path)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.err, "")
        XCTAssertEqual(
            r.out,
            """
            wired
            -- 3 changes on the simulated kernel:
               + netns ns1
               + link br0 (bridge): up
               + addr 10.0.0.1/24 dev br0

            """)
    }

    func testOneChangeIsSingular() throws {
        let path = try write("link add br0 type bridge\n")
        let r = run("run", path)
        XCTAssertEqual(r.out, "-- 1 change on the simulated kernel:\n   + link br0 (bridge)\n")
    }

    func testNoChangesNoSummary() throws {
        let path = try write("link add br0 type bridge\nlink del br0\nprint ok\n")
        let r = run("run", path)
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.out, "ok\n")
    }

    func testNoSummary() throws {
        let path = try write("link add br0 type bridge\nprint ok\n")
        for args in [["run", "--no-summary", path], ["run", path, "--no-summary"], ["--no-summary", path]] {
            let capture = NetCapture()
            let code = Dnsh.main(args, console: capture.console)
            XCTAssertEqual(code, 0, "\(args)")
            XCTAssertEqual(capture.out, "ok\n", "\(args)")
            XCTAssertEqual(capture.err, "", "\(args)")
        }
    }

    func testSummaryAfterAFailedRunShowsWhatWasDone() throws {
        let path = try write("link add br0 type bridge\nlink add br0 type bridge\n")
        let r = run("run", path)
        XCTAssertEqual(r.code, 4)
        XCTAssertTrue(r.out.contains("+ link br0 (bridge)"), r.out)
    }

    // MARK: - Kernel errors

    func testKernelErrorIsExit4WithALocatedDiagnostic() throws {
        let path = try write(
            """
            link add A1 type veth peer name B1
            link add A1 type veth peer name B2
            print "not reached"
            """)
        let r = run("run", path)
        XCTAssertEqual(r.code, 4)
        XCTAssertTrue(
            r.err.contains("\(path):2:1: error: link add A1: File exists (EEXIST)\n"), r.err)
        XCTAssertTrue(r.err.contains("link add A1 type veth peer name B2"), "the source line is shown: \(r.err)")
        XCTAssertFalse(r.out.contains("not reached"))
    }

    func testKernelErrorWithExtendedMessage() throws {
        let path = try write(
            """
            link add br0 type bridge
            link set br0 up
                route add default via 10.9.0.1
            """)
        let r = run("run", path)
        XCTAssertEqual(r.code, 4)
        XCTAssertTrue(
            r.err.contains(
                "\(path):3:5: error: route add default via 10.9.0.1: Network is unreachable (ENETUNREACH): Nexthop has invalid gateway"
            ), r.err)
    }

    func testKernelErrorInJSON() throws {
        let path = try write("link add A1 type veth peer name B1\nlink add A1 type veth peer name B2\n")
        let r = run("run", path, "--json")
        XCTAssertEqual(r.code, 4)
        let doc = document(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 4)
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics.first?["message"] as? String, "link add A1: File exists (EEXIST)")
        XCTAssertEqual(diagnostics.first?["line"] as? Int, 2)
        XCTAssertEqual(diagnostics.first?["column"] as? Int, 1)
        XCTAssertEqual(diagnostics.first?["severity"] as? String, "error")
        // The state is the one the script left.
        XCTAssertEqual(links(namespace(doc, nil)).map { $0["ifname"] as? String }, ["lo", "B1", "A1"])
    }

    func testExpectErrorCatchesTheErrno() throws {
        let path = try write(
            """
            link add A1 type veth peer name B1
            expect error EEXIST { link add A1 type veth peer name B2 }
            expect error "File exists" { netns add x; netns add x }
            print "caught"
            """)
        let r = run("run", "--no-summary", path)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.out, "caught\n")
    }

    // MARK: - Containers

    func testContainersByNameAndPid() throws {
        let path = try write(
            """
            let a = container bind1
            let b = netns pid 4243
            link add veth-a type veth peer name eth0 netns $a
            in $b { link add br0 type bridge }
            in (container bind2) { assert exists link br0, "bind2 is pid 4243" }
            print $a.name (netns path "/proc/4242/ns/net").name
            """)
        let r = run("run", "--container", "bind1=4242", "--container=bind2=4243", path, "--json")
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.err, "pid:4242 /proc/4242/ns/net\n")
        let doc = document(r.out)
        XCTAssertEqual(namespaces(doc).map { $0["name"] as? String }, [nil, "pid:4242", "pid:4243"])
        let c1 = namespace(doc, "pid:4242")
        XCTAssertEqual(links(c1).map { $0["ifname"] as? String }, ["lo", "eth0"])
        XCTAssertEqual(link(c1, "eth0")["ifindex"] as? Int, 2)
        let peer = link(namespace(doc, nil), "veth-a")["peer"] as? [String: Any]
        XCTAssertEqual(peer?["netns"] as? String, "pid:4242")
        XCTAssertEqual(links(namespace(doc, "pid:4243")).map { $0["ifname"] as? String }, ["lo", "br0"])
    }

    /// docs: "without =PID the PIDs are 10001, 10002, ... in order".
    func testContainersWithoutAPidAreNumberedFrom10001() throws {
        let path = try write(
            """
            in (netns pid 10001) { link add x1 type bridge }
            in (netns pid 10002) { link add x2 type bridge }
            assert (container one).name == "pid:10001"
            assert (container two).name == "pid:10002"
            """)
        let r = run("run", "--container", "one", "--container", "two", "--json", path)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(namespaces(document(r.out)).map { $0["name"] as? String }, [nil, "pid:10001", "pid:10002"])
    }

    /// The doc's own example, `--container bind1=4242 --container bind2`: bind2 is the first
    /// container without a PID, so it gets 10001.
    func testAContainerWithoutAPidAfterOneWithAPid() throws {
        let path = try write("print (container bind2).name\n")
        let r = run("run", "--no-summary", "--container", "bind1=4242", "--container", "bind2", path)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.out, "pid:10001\n")
    }

    func testContainerNamespaceHasItsOwnLoopbackAndShowsInTheSummary() throws {
        let path = try write(
            """
            let c = container web
            in $c {
                assert (link show lo).ifindex == 1
                link set lo up
            }
            link add veth-web type veth peer name eth0 netns $c
            """)
        let r = run("run", "--container", "web=77", path)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("   + link veth-web (veth): peer eth0 in pid:77\n"), r.out)
        XCTAssertTrue(
            r.out.contains("   + link eth0 in pid:77 (veth): peer veth-web in the initial namespace\n"), r.out)
    }

    func testUndeclaredContainerAndPidAreRuntimeErrors() throws {
        let unknown = try write("container nope\n", name: "a.dn")
        let r1 = run("run", "--container", "web=77", unknown)
        XCTAssertEqual(r1.code, 4)
        XCTAssertTrue(r1.err.contains("\(unknown):1:"), r1.err)
        XCTAssertTrue(r1.err.contains("no such container"), r1.err)

        let pid = try write("netns pid 78\n", name: "b.dn")
        let r2 = run("run", "--container", "web=77", pid)
        XCTAssertEqual(r2.code, 4)
        XCTAssertTrue(r2.err.contains("\(pid):1:1: error: netns pid 78: No such file or directory (ENOENT)"), r2.err)
    }

    func testBadContainerValuesAreUsageErrors() throws {
        let path = try write("print 1\n")
        let cases: [([String], String)] = [
            (["run", path, "--container"], "option '--container' needs a value"),
            (["run", path, "--container", "=4242"], "--container needs NAME or NAME=PID"),
            (["run", path, "--container", ""], "--container needs NAME or NAME=PID"),
            (["run", path, "--container", "web=abc"], "--container web=abc: the PID must be a positive number"),
            (["run", path, "--container", "web=0"], "--container web=0: the PID must be a positive number"),
            (["run", path, "--container", "web=-5"], "--container web=-5: the PID must be a positive number"),
            (["run", path, "--container=web=1.5"], "--container web=1.5: the PID must be a positive number"),
            (["run", path, "--container", "web="], "--container web=: the PID must be a positive number"),
        ]
        for (args, message) in cases {
            let capture = NetCapture()
            let code = Dnsh.main(args, console: capture.console)
            guard code == 2 else {
                XCTFail("\(args): exit \(code), expected the usage error '\(message)'; out: \(capture.out)")
                continue
            }
            XCTAssertEqual(capture.out, "", "\(args): nothing ran")
            XCTAssertTrue(capture.err.hasPrefix("dnsh: error: "), "\(args): \(capture.err)")
            XCTAssertTrue(capture.err.contains(message), "\(args): \(capture.err)")
            XCTAssertTrue(capture.err.contains("(see 'dnsh run --help')"), "\(args): \(capture.err)")
        }
    }

    // MARK: - scripts/bind-fleet.dn

    func testBindFleet() throws {
        let r = run("run", Self.fleet, "--json")
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.err.contains("bind1: eth0 10.3.16.11/20 02:42:0a:03:10:0b via 10.3.16.1\n"), r.err)
        XCTAssertTrue(r.err.contains("on the gateway: ip route add 10.3.16.0/20 via 10.3.0.2\n"), r.err)
        let doc = document(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 0)
        XCTAssertEqual(
            namespaces(doc).map { $0["name"] as? String }, [nil, "bind1", "bind2", "bind3", "bind4"])

        let initial = namespace(doc, nil)
        let docker0 = link(initial, "docker0")
        XCTAssertEqual(docker0["kind"] as? String, "bridge")
        XCTAssertTrue(flags(docker0).contains("UP"))
        XCTAssertEqual(docker0["operstate"] as? String, "UP")
        XCTAssertEqual(addresses(docker0), ["10.3.16.1/20"])
        let ports = links(initial).filter { $0["master"] as? String == "docker0" }
        XCTAssertEqual(ports.map { $0["ifname"] as? String }, ["veth-bind1", "veth-bind2", "veth-bind3", "veth-bind4"])
        for (i, port) in ports.enumerated() {
            XCTAssertEqual(port["kind"] as? String, "veth")
            XCTAssertEqual(port["operstate"] as? String, "UP")
            let peer = port["peer"] as? [String: Any]
            XCTAssertEqual(peer?["ifname"] as? String, "eth0")
            XCTAssertEqual(peer?["netns"] as? String, "bind\(i + 1)")
        }
        XCTAssertFalse(links(initial).contains { ($0["ifname"] as? String)?.hasPrefix("tmp-") ?? false })
        XCTAssertEqual(
            routes(initial).map { "\($0["dst"] as? String ?? "?") \($0["dev"] as? String ?? "?")" },
            ["10.3.16.0/20 docker0"])

        for n in 1...4 {
            let ns = namespace(doc, "bind\(n)")
            XCTAssertEqual(links(ns).map { $0["ifname"] as? String }, ["lo", "eth0"], "bind\(n)")
            let eth0 = link(ns, "eth0")
            XCTAssertTrue(flags(eth0).contains("UP"), "bind\(n)")
            XCTAssertEqual(eth0["operstate"] as? String, "UP", "bind\(n)")
            XCTAssertEqual(addresses(eth0), ["10.3.16.1\(n)/20"], "bind\(n)")
            XCTAssertEqual(eth0["address"] as? String, "02:42:0a:03:10:0\(String(10 + n, radix: 16))", "bind\(n)")
            XCTAssertEqual((eth0["peer"] as? [String: Any])?["ifname"] as? String, "veth-bind\(n)")
            let defaults = routes(ns).filter { $0["dst"] as? String == "default" }
            XCTAssertEqual(defaults.count, 1, "bind\(n)")
            XCTAssertEqual(defaults.first?["gateway"] as? String, "10.3.16.1", "bind\(n)")
            XCTAssertEqual(defaults.first?["dev"] as? String, "eth0", "bind\(n)")
            XCTAssertEqual(defaults.first?["protocol"] as? String, "boot", "bind\(n)")
            XCTAssertEqual(
                routes(ns).map { $0["dst"] as? String }, ["default", "10.3.16.0/20"], "bind\(n)")
        }
    }

    func testBindFleetIsTheSameEveryRun() {
        let first = run("run", Self.fleet, "--json")
        let second = run("run", Self.fleet, "--json")
        XCTAssertEqual(first.code, 0)
        XCTAssertEqual(first.out, second.out, "MACs come from a seeded generator")
    }

    func testBindFleetSummary() {
        let r = run("run", Self.fleet)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("-- 22 changes on the simulated kernel:\n"), r.out)
        for line in [
            "   + netns bind1\n", "   + link docker0 (bridge): up\n", "   + addr 10.3.16.1/20 dev docker0\n",
            "   + link veth-bind1 (veth): up, master docker0, peer eth0 in bind1\n",
            "   + link eth0 in bind4 (veth): up, peer veth-bind4 in the initial namespace\n",
            "   + addr 10.3.16.14/20 dev eth0 in bind4\n", "   + route default via 10.3.16.1 dev eth0 in bind4\n",
        ] {
            XCTAssertTrue(r.out.contains(line), "missing \(line): \(r.out)")
        }
    }

    func testRunningTheFleetBodyTwiceFailsWithFileExists() throws {
        let text = try String(contentsOfFile: Self.fleet, encoding: .utf8)
        let start = try XCTUnwrap(text.range(of: "for i, ip in"))
        let end = try XCTUnwrap(text.range(of: "\n}\n", range: start.upperBound..<text.endIndex))
        let loop = String(text[start.lowerBound..<end.upperBound])
        let path = try write(text + "\n" + loop)
        let r = run("run", path)
        XCTAssertEqual(r.code, 4)
        let lines = text.components(separatedBy: "\n")
        let netnsLine = try XCTUnwrap(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "netns add $name" })
        let column = lines[netnsLine].prefix { $0 == " " }.count + 1
        XCTAssertTrue(
            r.err.contains("\(path):\(netnsLine + 1):\(column): error: netns add bind1: File exists (EEXIST)"), r.err)
        XCTAssertTrue(r.err.contains("note: in 'wire' called from here"), r.err)
    }

    func testRunningTheFleetTwiceInOneKernelFailsWithFileExists() throws {
        // The same deployment applied again: the bridge is already there.
        let text = try String(contentsOfFile: Self.fleet, encoding: .utf8)
        let path = try write(text + "\nlink add $bridge type bridge\n")
        let r = run("run", path, "--json")
        XCTAssertEqual(r.code, 4)
        let diagnostics = document(r.out)["diagnostics"] as? [[String: Any]]
        XCTAssertEqual(diagnostics?.first?["message"] as? String, "link add docker0: File exists (EEXIST)")
    }

    func testFleetWithParamCount2() {
        let r = run("run", Self.fleet, "--param", "count=2", "--json")
        XCTAssertEqual(r.code, 0, r.err)
        let doc = document(r.out)
        XCTAssertEqual(namespaces(doc).map { $0["name"] as? String }, [nil, "bind1", "bind2"])
        let initial = namespace(doc, nil)
        XCTAssertEqual(
            links(initial).map { $0["ifname"] as? String }, ["lo", "docker0", "veth-bind1", "veth-bind2"])
        XCTAssertEqual(addresses(link(namespace(doc, "bind2"), "eth0")), ["10.3.16.12/20"])
        XCTAssertFalse(r.err.contains("bind3"), r.err)
    }

    func testFleetWithOtherParameters() {
        let r = run(
            "run", Self.fleet, "--param", "count=1", "--param", "bridge=br-lan", "--param", "subnet=192.168.8.0/24",
            "--param", "first=192.168.8.50", "--json")
        XCTAssertEqual(r.code, 0, r.err)
        let doc = document(r.out)
        let bridge = link(namespace(doc, nil), "br-lan")
        XCTAssertEqual(addresses(bridge), ["192.168.8.1/24"])
        let bind1 = namespace(doc, "bind1")
        XCTAssertEqual(addresses(link(bind1, "eth0")), ["192.168.8.50/24"])
        XCTAssertEqual(routes(bind1).first?["gateway"] as? String, "192.168.8.1")
    }
}
