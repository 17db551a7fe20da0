import Interpreter
import Lexer
import NetModel
import Netlink

/// Planning an apply: the script on the simulated kernel seeded with the live state, under the
/// rules of apply, and the difference as kernel requests.
extension ApplyCommand {
    /// Runs the script on a simulated kernel restored from `live`, under the rules of apply,
    /// and works out the plan (or, with `undo`, the plan that removes what the script creates).
    static func plan(
        _ file: String, _ options: Options, live: NetworkState, undo: Bool, _ console: Console, host: LiveHost? = nil,
        created: Set<String>? = nil
    ) -> (Planned?, RunResult) {
        let kernel = SimulatedKernel()
        let converging = ConvergingBackend(kernel)
        converging.discover = host.map { host in { host.discover($0) } }
        // A cable's end must be a device the host has.
        converging.createsPhysicalDevices = false
        let log = StatementLog()
        let runner = makeRunner(options, converging, log, console)
        let timer = PhaseTimer()
        do {
            try kernel.restore(live)
            let result = checkHost(runner.run(path: file), options)
            timer.lap("  script", console)
            defer { timer.lap("  planner", console) }
            guard result.exitCode == .success else { return (nil, result) }
            // Containers' namespaces met on the way are part of the live state too.
            let found = converging.discovered
            let live = found.isEmpty ? live : host?.joining(found) ?? NetworkState(namespaces: live.namespaces + found)
            let made = created.map { keys in { (object: CreatedObject) in keys.contains(object.key) } }
            let target = undo ? try converging.undoTarget(live: live, created: made) : kernel
            let plan = Planner.plan(from: live, to: target, namespaceTags: undo ? [:] : converging.namespaceTags)
            return (Planned(plan: plan, run: result, log: log, reachedContainers: !found.isEmpty), result)
        } catch {
            var result = RunResult(exitCode: .internalError)
            result.message = "cannot model the live state: \(error)"
            return (nil, result)
        }
    }

    /// A runner whose network commands drive `converging` (or, with --host NAME, whose host NAME
    /// does, with the other hosts and the commands outside host blocks on fresh simulated
    /// kernels, so the whole site is checked), stamping each statement.
    static func makeRunner(
        _ options: Options, _ converging: ConvergingBackend, _ log: StatementLog, _ console: Console
    ) -> ScriptRunner {
        var runner = ScriptRunner(options)
        if let host = options.host {
            runner.makeBackend = { SimulatedKernel() }
            runner.makeHost = { name in name == host ? converging as NetworkBackend : SimulatedKernel() }
        } else {
            runner.makeBackend = { converging }
        }
        runner.recordChanges = false
        runner.configure = { interpreter in
            converging.statement = { [unowned interpreter] in log.tag(interpreter) }
        }
        runner.onOutput = options.scriptOutput(console)
        return runner
    }

    /// With --host NAME, the script must have a `host NAME { }` block.
    static func checkHost(_ result: RunResult, _ options: Options) -> RunResult {
        guard result.exitCode == .success, let host = options.host, !result.hosts.contains(where: { $0.name == host })
        else { return result }
        var result = result
        result.exitCode = .usage
        let known = result.hosts.map(\.name)
        result.message =
            "--host \(host): the script has no 'host \(host) { }' block"
            + (known.isEmpty ? "" : " (its hosts: \(known.joined(separator: ", ")))")
        return result
    }

    /// Plans the script once more on the state it made: nothing should change. If so, the
    /// next apply of it on this state is known to change nothing; if not, the user hears why.
    static func checkIdempotence(
        _ script: (path: String, files: [SourceFile]), _ options: Options, _ state: NetworkState, _ first: Planned,
        _ console: Console
    ) {
        guard !first.reachedContainers else { return }
        let silent = Console(out: { _ in }, err: { _ in }, colored: false)
        let (again, result) = plan(script.path, options, live: state, undo: false, silent)
        guard let again else { return }
        guard again.plan.isEmpty else {
            let lines = again.plan.changes.prefix(3).map { "   \($0.line)\n" }.joined()
            console.err("dnsh: warning: applying this script again would change the host again:\n\(lines)")
            return
        }
        guard !script.files.isEmpty else { return }
        PlanCache(files: script.files, parameters: cacheParameters(options), state: state)?.remember(
            output: result.output)
    }

    /// What besides the files and the state decides a plan: the parameters and the host.
    static func cacheParameters(_ options: Options) -> [(name: String, value: String)] {
        options.parameters + (options.host.map { [("--host", $0)] } ?? [])
            + options.containers.map { ("--container", "\($0.name)=\($0.pid)") }
            + [("--trace", String(options.trace)), ("--max-steps", String(options.maxSteps))]
    }

}

/// The live host a plan is made for: containers' namespaces the script reaches are dumped when
/// it first meets them, and the live state is then taken again with them, so that veth peers
/// between them and the others are paired.
struct LiveHost {
    let backend: NetlinkBackend
    let live: NetworkState

    func discover(_ ref: NamespaceRef) -> NetworkState.Namespace? {
        backend.snapshot(of: [.initial, ref]).namespaces.first { $0.name == ref.stateName }
    }

    /// The state the simulation was seeded with, plus the containers' namespaces found on the
    /// way, with the veth peers between them named (taken from a second look at the host; only
    /// the peers: anything else that changed meanwhile is not what the script was run on).
    func joining(_ found: [NetworkState.Namespace]) -> NetworkState {
        let again = backend.snapshot(of: (live.namespaces + found).map { NamespaceRef(stateName: $0.name) })
        var peers: [String: (name: String, namespace: String?)] = [:]
        for ns in again.namespaces {
            for link in ns.links { if let peer = link.peer { peers["\(ns.name ?? "")#\(link.ifindex)"] = peer } }
        }
        let namespaces = (live.namespaces + found).map { ns -> NetworkState.Namespace in
            var ns = ns
            for i in ns.links.indices where ns.links[i].kind == .veth && ns.links[i].peer == nil {
                ns.links[i].peer = peers["\(ns.name ?? "")#\(ns.links[i].ifindex)"]
            }
            return ns
        }
        return NetworkState(namespaces: namespaces)
    }
}
