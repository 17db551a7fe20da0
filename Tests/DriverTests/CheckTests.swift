import Foundation
import XCTest

@testable import Driver

/// `dnsh check`: the static checks and the checks of a traced dry run, with locations.
final class CheckTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func dnsh(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        runDnsh(arguments)
    }

    func script(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).dn").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testTheHeldBackScript() throws {
        let path = Self.root.appendingPathComponent("examples/check/held-back.dn").path
        let r = dnsh(["check", "--json", path])
        XCTAssertEqual(r.code, 3)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let found = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]]).map {
            "\($0["severity"] ?? "") \($0["line"] ?? 0):\($0["column"] ?? 0) \($0["message"] ?? "")"
        }
        XCTAssertEqual(
            found,
            [
                "warning 4:1 parameter 'spare' is never used",
                "warning 16:9 10.3.16.11 is on both eth0 in bind1 and eth0 in bind2, which share a layer-2 domain",
                "warning 16:9 10.3.48.13/24 on eth0 in bind3 is outside the subnet of bridge docker0 (10.3.16.0/20)",
                "error 24:10 interface name 'a-very-long-interface-name' is 26 bytes; Linux allows at most 15",
            ])
        let notes = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])[1]["notes"] as? [[String: Any]]
        XCTAssertEqual(notes?.first?["line"] as? Int, 22, "the duplicate is tied to the call that made it")
    }

    func testNoFalseAlarmsOnTheExampleScripts() throws {
        let scripts = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("scripts").path
        )
        .filter { $0.hasSuffix(".dn") }
        XCTAssertGreaterThan(scripts.count, 3)
        for name in scripts {
            let r = dnsh(["check", "--werror", Self.root.appendingPathComponent("scripts/\(name)").path])
            XCTAssertEqual(r.code, 0, "\(name): \(r.err)")
            XCTAssertEqual(r.err, "", name)
        }
    }

    func testWerrorMakesWarningsFail() throws {
        let path = try script("param unused = 1\nprint hi\n")
        XCTAssertEqual(dnsh(["check", path]).code, 0)
        let strict = dnsh(["check", "--werror", path])
        XCTAssertEqual(strict.code, 3)
        XCTAssertTrue(strict.err.contains(":1:1: warning: parameter 'unused' is never used"), strict.err)
    }

    func testUnreachableGateway() throws {
        let path = try script(
            "netns add c1\nlink add A1 type veth peer name eth0 netns c1\nin c1 {\n  link set eth0 up\n  addr add 10.0.0.2/24 dev eth0\n  route add default via 10.9.0.1\n}\n"
        )
        let r = dnsh(["check", path])
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(
            r.err.contains(
                ":6:3: error: the gateway is outside every prefix of its interface; the kernel refuses it: Network is unreachable (ENETUNREACH): Nexthop has invalid gateway"
            ), r.err)
    }

    func testArgumentsOfTheWrongKindAndNamesKnownToBeTooLong() throws {
        let path = try script(
            "let n = 1\naddr add docker0 dev eth0\nroute add nowhere via 10.0.0.1\nlink set eth0 mtu big\nveth veth-$n-much-too-long peer x\n"
        )
        let r = dnsh(["check", path])
        XCTAssertEqual(r.code, 3)
        for expected in [
            ":2:10: error: 'addr add' needs an address with its prefix length (10.0.0.1/24), not 'docker0'",
            ":3:11: error: 'route add' needs 'default' or a prefix (10.0.0.0/24), not 'nowhere'",
            ":4:19: error: 'mtu' needs a number, not 'big'",
            ":5:6: error: this interface name has at least 19 bytes; Linux allows at most 15",
        ] {
            XCTAssertTrue(r.err.contains(expected), "missing \(expected) in \(r.err)")
        }
    }
}
