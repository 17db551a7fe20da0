import Foundation
import NetModel
import NetTypes
import XCTest

@testable import Driver

/// The record of what applies made: per script, host and parameters; added to, read back and
/// removed after an undo.
final class CreationRecordTests: XCTestCase {
    func testRecordsAreKeptPerScriptHostAndParameters() throws {
        let directory = NSTemporaryDirectory() + "dnsh-created-\(UUID().uuidString)/created"
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        var options = Options()
        options.parameters = [("count", "2")]
        let record = CreationRecord(script: "scripts/bind-fleet.dn", options: options, directory: directory)
        XCTAssertNil(record.load(), "no apply, no record")
        let prefix = try XCTUnwrap(IPPrefix("10.3.16.11/20"))
        record.add([.namespace("bind1"), .link(namespace: nil, name: "veth-bind1")])
        record.add([.address(namespace: "bind1", device: "eth0", prefix: prefix), .namespace("bind1")])
        XCTAssertEqual(
            record.load(), ["netns bind1", "link  veth-bind1", "addr bind1 eth0 10.3.16.11/20"])
        var other = options
        other.host = "gw"
        XCTAssertNil(CreationRecord(script: "scripts/bind-fleet.dn", options: other, directory: directory).load())
        other = options
        other.parameters = [("count", "3")]
        XCTAssertNil(CreationRecord(script: "scripts/bind-fleet.dn", options: other, directory: directory).load())
        XCTAssertEqual(
            CreationRecord(script: "./scripts/../scripts/bind-fleet.dn", options: options, directory: directory).load()?
                .count, 3, "the same script by another path")
        record.remove()
        XCTAssertNil(record.load())
    }

    func testAPlanSaysWhatItCreates() throws {
        var spec = LinkSpec(name: "veth-bind1", kind: .veth)
        spec.peerName = "eth0"
        spec.peerNamespace = .named("bind1")
        let prefix = try XCTUnwrap(IPPrefix("10.3.16.11/20"))
        let plan = Plan(
            operations: [
                PlannedOperation(.addNamespace("bind1"), statement: nil, undo: []),
                PlannedOperation(.addLink(spec, .initial), statement: nil, undo: []),
                PlannedOperation(.addAddress(prefix, LinkTarget("eth0"), .named("bind1")), statement: nil, undo: []),
                PlannedOperation(
                    .addRoute(
                        RouteSpec(destination: nil, gateway: IPAddress("10.3.16.1")), deviceIndex: 2, replace: false,
                        .named("bind1")),
                    statement: nil, undo: []),
                PlannedOperation(
                    .setLink(LinkTarget("docker0"), [.up], masterIndex: nil, .initial), statement: nil, undo: []),
            ], changes: [], expected: NetworkState(namespaces: []), touched: [])
        XCTAssertEqual(
            CreatedObject.created(by: plan).map(\.key),
            [
                "netns bind1", "link  veth-bind1", "link bind1 eth0", "addr bind1 eth0 10.3.16.11/20",
                "route bind1 default4 10.3.16.1",
            ])
    }
}
