import NetModel

/// How `dnsh plan` and `dnsh apply` show a plan: `+`/`-`/`~` lines under a heading per
/// namespace and a count; with `--format ip`, a shell script of `ip -batch` blocks, one per
/// namespace in the order the requests go out; with `--json`, both as data.
enum PlanOutput {
    static func print(_ plan: Plan, _ options: Options, _ console: Console, result: RunResult, applied: Bool = false) {
        if options.json {
            console.out(json(plan, result, applied: applied).rendered() + "\n")
        } else if options.format == "ip" {
            console.out(ipScript(plan))
        } else if options.summary || !applied {
            console.out(text(plan, applied: applied))
        }
    }

    /// The lines by namespace, then `N changes` (`0 changes` when the host already matches).
    static func text(_ plan: Plan, applied: Bool) -> String {
        var out = ""
        var current: String?? = .none
        for change in plan.changes {
            if current != .some(change.namespace) {
                current = .some(change.namespace)
                out += "# \(change.namespace.map { "netns \($0)" } ?? "initial namespace")\n"
            }
            out += change.line + "\n"
        }
        return out + summary(plan, applied: applied) + "\n"
    }

    static func summary(_ plan: Plan, applied: Bool) -> String {
        let count = plan.changes.count
        guard count > 0 else { return "0 changes" + (applied ? "; nothing was sent to the kernel" : "") }
        let words = applied ? ["added", "changed", "removed"] : ["to add", "to change", "to remove"]
        let parts = zip(["+", "~", "-"], words).map { symbol, word in
            "\(plan.changes.filter { $0.line.hasPrefix(symbol) }.count) \(word)"
        }
        let requests = plan.operations.count
        let tail = applied ? "; \(requests) kernel request\(requests == 1 ? "" : "s") sent" : ""
        return "\(count) change\(count == 1 ? "" : "s") (\(parts.joined(separator: ", ")))\(tail)"
    }

    /// A shell script: each run of requests to one namespace as an `ip -batch` here-document.
    static func ipScript(_ plan: Plan) -> String {
        var out = "#!/bin/sh\n# \(plan.operations.count) requests, in order; run as root\nset -e\n"
        var block: [String] = []
        var current: NamespaceRef?
        func flush() {
            guard !block.isEmpty else { return }
            out += "\(command(current ?? .initial)) <<'EOF'\n" + block.joined(separator: "\n") + "\nEOF\n"
            block = []
        }
        for operation in plan.operations.map(\.operation) {
            if case .setSysctl(let key, let value, let ns) = operation {
                flush()
                let prefix = ns == .initial ? "" : "\(exec(ns)) "
                out += "\(prefix)sysctl -w \(key)=\(value)\n"
                continue
            }
            let ns = operation.namespace ?? current ?? .initial
            if ns != current {
                flush()
                current = ns
            }
            block.append(OperationText.ip(operation))
        }
        flush()
        return out
    }

    /// How a shell runs a command inside a namespace.
    static func exec(_ ns: NamespaceRef) -> String {
        switch ns {
        case .initial: return ""
        case .named(let name): return "ip netns exec \(name)"
        case .pid(let pid): return "nsenter -t \(pid) -n"
        case .path(let path): return "nsenter --net=\(path)"
        }
    }

    static func command(_ ns: NamespaceRef) -> String {
        switch ns {
        case .initial: return "ip -batch -"
        case .named(let name): return "ip -n \(name) -batch -"
        case .pid(let pid): return "nsenter -t \(pid) -n ip -batch -"
        case .path(let path): return "nsenter --net=\(path) ip -batch -"
        }
    }

    static func json(_ plan: Plan, _ result: RunResult, applied: Bool) -> JSON {
        let changes = plan.changes.map { change in
            JSON.object([
                ("namespace", change.namespace.map(JSON.string) ?? .null), ("change", .string(change.line)),
            ])
        }
        let requests = plan.operations.map { operation in
            JSON.object([
                ("namespace", operation.operation.namespace.map { $0.stateName.map(JSON.string) ?? .null } ?? .null),
                ("ip", .string(OperationText.ip(operation.operation))),
            ])
        }
        var pairs: [(String, JSON)] = [
            ("changes", .array(changes)), ("requests", .array(requests)), ("applied", .bool(applied)),
            ("exit_code", .int(applied || plan.isEmpty ? 0 : Int(ExitCode.changesPending.rawValue))),
            ("output", .array(result.output.map(JSON.string))),
        ]
        if applied, let state = result.state, case .object(let statePairs) = StateJSON.document(state) {
            pairs = statePairs + pairs
        }
        return .object(pairs)
    }
}
