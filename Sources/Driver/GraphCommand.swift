import Foundation
import Glibc
import Interpreter
import NetModel

/// `dnsh graph FILE`: the topology the script builds, as Graphviz DOT (namespaces as clusters,
/// bridges and devices as nodes, veth pairs and bridge ports as edges, addresses as labels),
/// or rendered to SVG/PNG through `dot` when Graphviz is installed.
enum GraphCommand {
    static func run(_ file: String, _ options: Options, _ console: Console) -> ExitCode {
        let result = ScriptRunner(options).run(path: file)
        console.err(DiagnosticsFormatter(colored: console.colored).format(result.diagnostics))
        if let message = result.message { console.err("dnsh: error: \(message)\n") }
        guard result.exitCode == .success, let state = result.state else { return result.exitCode }
        let dot = GraphDOT.render(state, title: (file as NSString).lastPathComponent)
        let format = options.format ?? "dot"
        guard format != "dot" else { return write(Data(dot.utf8), options, console) }
        guard ["svg", "png", "pdf"].contains(format) else {
            console.err("dnsh: error: unknown --format '\(format)': use dot, svg, png or pdf\n")
            return .usage
        }
        guard let graphviz = Subprocess.executable("dot") else {
            console.err(
                "dnsh: error: --format \(format) needs Graphviz's 'dot' (apt-get install graphviz); --format dot prints the graph as text\n"
            )
            return .usage
        }
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("dnsh-graph-\(getpid()).dot").path
        let target = source + "." + format
        defer {
            try? FileManager.default.removeItem(atPath: source)
            try? FileManager.default.removeItem(atPath: target)
        }
        do {
            try dot.write(toFile: source, atomically: true, encoding: .utf8)
            let (status, output) = try Subprocess.run(graphviz, ["dot", "-T\(format)", "-o", target, source])
            guard status == 0, let data = FileManager.default.contents(atPath: target) else {
                console.err("dnsh: error: dot failed: \(output)\n")
                return .runtimeError
            }
            return write(data, options, console)
        } catch {
            console.err("dnsh: error: \(error)\n")
            return .runtimeError
        }
    }

    static func write(_ data: Data, _ options: Options, _ console: Console) -> ExitCode {
        guard let path = options.output else {
            console.out(String(decoding: data, as: UTF8.self))
            return .success
        }
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            console.err("dnsh: error: cannot write '\(path)'\n")
            return .usage
        }
        return .success
    }
}

/// The DOT text of a state.
enum GraphDOT {
    static func render(_ state: NetworkState, title: String) -> String {
        var lines = [
            "graph \"\(escape(title))\" {",
            "  graph [rankdir=LR, fontname=\"Helvetica\", label=\"\(escape(title))\", labelloc=t];",
            "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\"];",
            "  edge [fontname=\"Helvetica\", fontsize=9];",
        ]
        var edges: [String] = []
        for (i, ns) in state.namespaces.enumerated() {
            lines.append("  subgraph cluster_\(i) {")
            lines.append(
                "    label=\"\(escape(ns.name ?? "host (initial namespace)"))\"; style=rounded; color=\"#888888\";")
            for link in ns.links where link.kind != .loopback {
                lines.append("    \(id(ns.name, link.name)) [label=\"\(label(link))\"\(style(link))];")
                if let master = link.master {
                    edges.append(
                        "  \(id(ns.name, master)) -- \(id(ns.name, link.name)) [style=dashed, label=\"port\"];")
                }
                if let peer = link.peer, (ns.name ?? "", link.name) < (peer.namespace ?? "", peer.name) {
                    edges.append(
                        "  \(id(ns.name, link.name)) -- \(id(peer.namespace, peer.name)) [penwidth=2, label=\"veth\"];")
                }
                if let parent = link.parent {
                    edges.append(
                        "  \(id(ns.name, link.name)) -- \(id(ns.name, parent)) [style=dotted, label=\"macvlan\"];")
                }
            }
            lines.append("  }")
        }
        return (lines + edges + ["}"]).joined(separator: "\n") + "\n"
    }

    /// Name and kind, then one address a line (DOT's `\n`), then `down` for a device that is.
    static func label(_ link: LinkState) -> String {
        var parts = ["\(link.name) (\(link.kind.rawValue))"]
        parts += link.addresses.filter { $0.scope != "host" }.map(\.prefix.description)
        if !link.isUp { parts.append("down") }
        return parts.map(escape).joined(separator: "\\n")
    }

    static func style(_ link: LinkState) -> String {
        link.kind == .bridge
            ? ", fillcolor=\"#d8e8ff\"" : link.isUp ? "" : ", fillcolor=\"#eeeeee\", fontcolor=\"#777777\""
    }

    static func id(_ namespace: String?, _ device: String) -> String {
        "\"" + escape("\(namespace ?? "")/\(device)") + "\""
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
