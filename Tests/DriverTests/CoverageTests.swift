import Foundation
import NetModel
import Netlink
import XCTest

@testable import Driver

/// Diagnostics that only the command line or the environment (no Docker, a stopped container)
/// can produce, so no `.dn` script under tests/ can trigger them. Each test checks the exact
/// wording of one message.
final class CommandLineCoverageTests: XCTestCase {
    /// Runs dnsh with the given arguments and returns its exit code and what it wrote.
    private func runDnsh(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        final class Sink: @unchecked Sendable {
            let lock = NSLock()
            var out = ""
            var err = ""
        }
        let sink = Sink()
        let console = Console(
            out: { s in sink.lock.withLock { sink.out += s } },
            err: { s in sink.lock.withLock { sink.err += s } },
            colored: false)
        let code = Dnsh.main(arguments, console: console)
        return (code, sink.lock.withLock { sink.out }, sink.lock.withLock { sink.err })
    }

    private func temporaryScript(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("dnsh-coverage-\(UUID().uuidString).dn")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    // "--param needs NAME=VALUE, not '\(text)'" (Sources/Driver/Options.swift)
    func testParamWithoutEqualsSign() throws {
        let path = try temporaryScript("param count = 1\nprint $count\n")
        let r = runDnsh(["run", path, "--param", "count"])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "dnsh: error: --param needs NAME=VALUE, not 'count' (see 'dnsh run --help')\n")
    }

    // The same message for an empty name, with the inline `--param=VALUE` spelling.
    func testParamWithEmptyName() throws {
        let path = try temporaryScript("param count = 1\nprint $count\n")
        let r = runDnsh(["check", "--param==5", path])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "dnsh: error: --param needs NAME=VALUE, not '=5' (see 'dnsh check --help')\n")
        // A well-formed parameter is accepted, so the refusal above is about its form.
        let ok = runDnsh(["run", path, "--param", "count=7"])
        XCTAssertEqual(ok.code, 0, ok.err)
        XCTAssertEqual(ok.out, "7\n")
    }

    func testHelpWithoutACommandIsTheOverview() {
        let r = runDnsh(["--help"])
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.out.hasPrefix("dnsh - a scripting language for wiring Linux container networks"), r.out)
        XCTAssertTrue(r.out.contains("Exit codes:"))
        XCTAssertTrue(runDnsh(["run", "--help"]).out.hasPrefix("Usage: dnsh run [OPTIONS] FILE"))
    }

    func testTwoScriptsAndBadStepLimits() throws {
        let a = try temporaryScript("print 1\n")
        let b = try temporaryScript("print 2\n")
        let two = runDnsh(["run", a, b])
        XCTAssertEqual(two.code, 2)
        XCTAssertTrue(two.err.contains("unexpected argument '\(b)': only one script is run at a time"), two.err)
        let steps = runDnsh(["run", "--max-steps", "0", a])
        XCTAssertEqual(steps.code, 2)
        XCTAssertTrue(steps.err.contains("--max-steps needs a positive number, not '0'"), steps.err)
    }

    /// The step limit stops a loop that never ends, and one that only grows a list: building
    /// a large list or string costs steps too, so the limit bounds the work, not just the count.
    func testTheStepLimit() throws {
        let forever = try temporaryScript("while true {\n}\n")
        let r = runDnsh(["run", "--max-steps", "1000", forever])
        XCTAssertEqual(r.code, 4)
        XCTAssertTrue(r.err.contains(":1:7: error: step limit of 1000 statements exceeded (see --max-steps)"), r.err)
        let growing = try temporaryScript("let out = []\nwhile true { out = append $out 1 }\n")
        let g = runDnsh(["run", "--max-steps", "100000", growing])
        XCTAssertEqual(g.code, 4)
        XCTAssertTrue(g.err.contains("step limit of 100000 statements exceeded"), g.err)
    }
}

/// `DockerLookup.pid(of:)`, the Docker CLI lookup behind `container NAME` on a real host, with
/// PATH pointed at a temporary folder: empty (no Docker), or holding a stand-in `docker` program.
final class DockerLookupCoverageTests: XCTestCase {
    private var folder: URL!
    private var savedPath: String?

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dnsh-docker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        savedPath = ProcessInfo.processInfo.environment["PATH"]
        setenv("PATH", folder.path, 1)
    }

    override func tearDownWithError() throws {
        if let savedPath { setenv("PATH", savedPath, 1) } else { unsetenv("PATH") }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Puts an executable `docker` shell script in the folder on PATH.
    private func installDocker(_ body: String) throws {
        let url = folder.appendingPathComponent("docker")
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    private func failure(_ name: String) -> String? {
        do {
            let pid = try DockerLookup.pid(of: name)
            XCTFail("expected the lookup to fail, got PID \(pid)")
            return nil
        } catch {
            return "\(error)"
        }
    }

    // "docker is not installed (no 'docker' on PATH)" (Sources/Driver/DockerLookup.swift)
    func testDockerNotInstalled() {
        XCTAssertNil(Subprocess.executable("docker"))
        XCTAssertEqual(failure("bind1"), "docker is not installed (no 'docker' on PATH)")
    }

    // "the container is not running" (Sources/Driver/DockerLookup.swift): `docker inspect` of a
    // stopped container succeeds and reports PID 0.
    func testContainerNotRunning() throws {
        try installDocker("echo 0")
        XCTAssertEqual(failure("bind1"), "the container is not running")
    }

    // A running container: the PID docker reports, with the name passed as its own argument.
    func testRunningContainer() throws {
        try installDocker(
            #"[ "$1" = inspect ] && [ "$4" = "--" ] && [ "$5" = "bind 1" ] && [ $# -eq 5 ] && echo 4242 || { echo "bad arguments: $*"; exit 1; }"#
        )
        XCTAssertEqual(try DockerLookup.pid(of: "bind 1"), 4242)
    }

    // A failing `docker inspect`: its first line of output is the reason.
    func testInspectFails() throws {
        try installDocker("echo 'Error: No such object: bind1'; echo second line; exit 1")
        XCTAssertEqual(failure("bind1"), "Error: No such object: bind1")
    }
}

/// The netlink backend (`dnsh apply`, the real kernel) checks a namespace name itself before it
/// creates anything under /run/netns, as `ip netns add` does. `.` and `..` get past dnsh's own
/// name check (which refuses '/'), so a script can send them; the backend refuses them without
/// touching the kernel, so this needs no privileges.
final class NetlinkNamespaceNameCoverageTests: XCTestCase {
    // "Invalid netns name \"\(name)\"" (Sources/Netlink/NetlinkBackend.swift)
    func testInvalidNamespaceNames() {
        let backend = NetlinkBackend()
        for name in [".", "..", ""] {
            do {
                try backend.addNamespace(name)
                XCTFail("namespace '\(name)' was accepted")
            } catch {
                XCTAssertEqual(error.errno, .EINVAL, name)
                XCTAssertEqual(error.message, "Invalid netns name \"\(name)\"")
            }
        }
        XCTAssertThrowsError(try backend.addNamespace("..")) { error in
            XCTAssertEqual("\(error)", "Invalid argument (EINVAL): Invalid netns name \"..\"")
        }
    }
}
