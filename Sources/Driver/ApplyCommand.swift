import CSyscalls
import Glibc
import Interpreter
import Lexer
import NetModel
import Netlink

/// `dnsh plan`, `dnsh apply` (with `--undo`) and `dnsh destroy`: the script runs on the
/// simulated kernel seeded with the live state (nothing is sent while it runs); the difference
/// between the live state and its end state is the plan; apply sends the plan as one
/// transaction, checks the result, and rolls everything back on a failure or a signal.
enum ApplyCommand {
    struct Planned {
        var plan: Plan
        var run: RunResult
        var log: StatementLog
        /// Whether the script reached a container's namespace (such plans are not remembered).
        var reachedContainers = false
    }

    static func run(_ file: String, _ options: Options, _ console: Console) -> ExitCode {
        let isPlan = options.command == .plan
        if !(isPlan && options.from != nil), let refusal = RealKernel.refusal() {
            let hint = isPlan ? "; 'dnsh plan --from STATE FILE' plans against a state file" : ""
            console.err("dnsh: error: \(refusal)\(hint)\n")
            return .usage
        }
        if isPlan, let format = options.format, format != "text", format != "ip" {
            console.err("dnsh: error: unknown plan format '\(format)': use text or ip (see 'dnsh plan --help')\n")
            return .usage
        }
        let timer = PhaseTimer()
        let backend = isPlan && options.from != nil ? nil : NetlinkBackend()
        let live = backend.map { $0.snapshot(settle: false) } ?? options.makeKernel().snapshot()
        // dnsh exits after this: taking apart a snapshot of a large host, object by object,
        // would only delay the exit (milliseconds for a few hundred namespaces).
        defer { ProcessLifetime.keep(live, backend as Any) }
        timer.lap("snapshot", console)
        let undo = options.undo || options.command == .destroy
        let cache =
            undo || backend == nil
            ? nil
            : PlanCache(
                files: ScriptRunner(options).sources(path: file), parameters: options.parameters, state: live)
        timer.lap("fingerprint", console)
        if let cache, let output = cache.lookup() {
            defer { timer.lap("output", console) }
            return unchanged(output, live, options, console)
        }
        let discover = backend.map { backend in
            { (ref: NamespaceRef) -> NetworkState.Namespace? in
                backend.snapshot(of: [.initial, ref]).namespaces.first { $0.name == ref.stateName }
            }
        }
        // Containers' namespaces met while planning join the live state, taken again with them
        // so that veth peers between them and the others are paired.
        let refresh = backend.map { backend in
            { (found: [NetworkState.Namespace]) -> NetworkState in
                backend.snapshot(
                    of: live.namespaces.map { NamespaceRef(stateName: $0.name) }
                        + found.map { NamespaceRef(stateName: $0.name) })
            }
        }
        let (planned, result) = plan(
            file, options, live: live, undo: undo, console, discover: discover, refresh: refresh)
        timer.lap("plan", console)
        defer { timer.lap("apply", console) }
        guard let planned else {
            Dnsh.report(result, options, console)
            if result.exitCode != .usage { console.err("dnsh: nothing was changed on the host\n") }
            return result.exitCode
        }
        if planned.plan.isEmpty && !planned.reachedContainers { cache?.remember(output: result.output) }
        if isPlan {
            PlanOutput.print(planned.plan, options, console, result: result)
            return planned.plan.isEmpty ? .success : .changesPending
        }
        guard let backend, !planned.plan.isEmpty else {
            PlanOutput.print(planned.plan, options, console, result: result, applied: true)
            return .success
        }
        return execute(planned, on: backend, options, console, file: file)
    }

    /// A script and state seen before to change nothing: its output again, and "0 changes".
    static func unchanged(_ output: [String], _ live: NetworkState, _ options: Options, _ console: Console)
        -> ExitCode
    {
        let quiet = options.json || (options.command == .plan && options.format == "ip")
        for line in output { quiet ? console.err(line + "\n") : console.out(line + "\n") }
        var result = RunResult(exitCode: .success)
        result.output = output
        result.state = live
        let plan = Plan(operations: [], changes: [], expected: live, touched: [])
        PlanOutput.print(plan, options, console, result: result, applied: options.command != .plan)
        return .success
    }

    /// Runs the script on a simulated kernel restored from `live`, under the rules of apply,
    /// and works out the plan (or, with `undo`, the plan that removes what the script creates).
    static func plan(
        _ file: String, _ options: Options, live: NetworkState, undo: Bool, _ console: Console,
        discover: ((NamespaceRef) -> NetworkState.Namespace?)? = nil,
        refresh: (([NetworkState.Namespace]) -> NetworkState)? = nil
    ) -> (Planned?, RunResult) {
        let kernel = SimulatedKernel()
        let converging = ConvergingBackend(kernel)
        converging.discover = discover
        // A cable's end must be a device the host has.
        converging.createsPhysicalDevices = false
        let log = StatementLog()
        var runner = ScriptRunner(options)
        // With --host NAME, that host's part is the live one; the other hosts (and commands
        // outside host blocks) run on fresh simulated kernels, so the whole site is checked.
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
        // With --json or --format ip standard output holds the document alone.
        let quiet = options.json || (options.command == .plan && options.format == "ip")
        runner.onOutput = { line in quiet ? console.err(line + "\n") : console.out(line + "\n") }
        let timer = PhaseTimer()
        do {
            try kernel.restore(live)
            timer.lap("  restore", console)
            var result = runner.run(path: file)
            timer.lap("  script", console)
            if result.exitCode == .success, let host = options.host, !result.hosts.contains(where: { $0.name == host })
            {
                result.exitCode = .usage
                let known = result.hosts.map(\.name)
                result.message =
                    "--host \(host): the script has no 'host \(host) { }' block"
                    + (known.isEmpty ? "" : " (its hosts: \(known.joined(separator: ", ")))")
            }
            defer { timer.lap("  planner", console) }
            guard result.exitCode == .success else { return (nil, result) }
            // Containers' namespaces met on the way are part of the live state too.
            let found = converging.discovered
            let live =
                found.isEmpty ? live : refresh?(found) ?? NetworkState(namespaces: live.namespaces + found)
            let target = undo ? try converging.undoTarget(live: live) : kernel
            let plan = Planner.plan(from: live, to: target, namespaceTags: undo ? [:] : converging.namespaceTags)
            return (Planned(plan: plan, run: result, log: log, reachedContainers: !found.isEmpty), result)
        } catch {
            var result = RunResult(exitCode: .internalError)
            result.message = "cannot model the live state: \(error)"
            return (nil, result)
        }
    }

    /// Sends the plan; rolls back on a failure, a signal, or a host that does not match the plan.
    static func execute(
        _ planned: Planned, on backend: NetlinkBackend, _ options: Options, _ console: Console, file: String
    ) -> ExitCode {
        var transaction = Transaction(planned.plan.operations)
        transaction.failAt = environment("DNSH_FAIL_AT")
        if let signalAt = environment("DNSH_SIGNAL_AT") {
            transaction.beforeOperation = { if $0 == signalAt { raise(SIGINT) } }
        }
        dnsh_catch_signals()
        defer { dnsh_release_signals() }
        transaction.interruption = {
            let signal = dnsh_caught_signal()
            return signal == 0 ? nil : signal
        }
        let timer = PhaseTimer()
        let outcome = transaction.run(on: backend)
        timer.lap("transaction", console)
        if !outcome.succeeded {
            reportFailure(outcome, planned, console)
            return .runtimeError
        }
        let after = backend.snapshot(settle: false)
        let mismatches = Verification.mismatches(
            expected: planned.plan.expected, actual: after, namespaces: planned.plan.touched)
        timer.lap("check", console)
        defer { timer.lap("idempotence", console) }
        guard mismatches.isEmpty else {
            let failures = transaction.rollBack(Array(planned.plan.operations.indices), on: backend)
            console.err("dnsh: error: after the apply the host does not match the plan:\n")
            console.err(mismatches.map { "   \($0)\n" }.joined())
            reportRollback(undone: planned.plan.operations.count, failures, console)
            return .runtimeError
        }
        var result = planned.run
        result.state = after
        PlanOutput.print(planned.plan, options, console, result: result, applied: true)
        if !(options.undo || options.command == .destroy) { checkIdempotence(file, options, after, planned, console) }
        return .success
    }

    /// Plans the script once more on the state it made: nothing should change. If so, the
    /// next apply of it on this state is known to change nothing; if not, the user hears why.
    static func checkIdempotence(
        _ file: String, _ options: Options, _ state: NetworkState, _ first: Planned, _ console: Console
    ) {
        guard !first.reachedContainers else { return }
        let silent = Console(out: { _ in }, err: { _ in }, colored: false)
        let (again, result) = plan(file, options, live: state, undo: false, silent)
        guard let again else { return }
        guard again.plan.isEmpty else {
            let lines = again.plan.changes.prefix(3).map { "   \($0.line)\n" }.joined()
            console.err("dnsh: warning: applying this script again would change the host again:\n\(lines)")
            return
        }
        let files = ScriptRunner(options).sources(path: file)
        PlanCache(files: files, parameters: cacheParameters(options), state: state)?.remember(output: result.output)
    }

    /// What besides the files and the state decides a plan: the parameters and the host.
    static func cacheParameters(_ options: Options) -> [(name: String, value: String)] {
        options.parameters + (options.host.map { [("--host", $0)] } ?? [])
    }

    static func environment(_ name: String) -> Int? {
        getenv(name).flatMap { Int(String(cString: $0)) }
    }

    /// The failed request at the statement it came from, then what the rollback did.
    static func reportFailure(_ outcome: Transaction.Outcome, _ planned: Planned, _ console: Console) {
        let formatter = DiagnosticsFormatter(colored: console.colored)
        if let (index, error) = outcome.failure {
            let operation = planned.plan.operations[index]
            let place = operation.operation.namespace.map { $0 == .initial ? "" : " (in \($0))" } ?? ""
            let message = "apply: \(OperationText.ip(operation.operation))\(place): \(error)"
            if let entry = planned.log.entry(operation.statement) {
                var diagnostic = Diagnostic(.error, message, at: entry.range, notes: entry.notes)
                diagnostic.code = error.errno.name
                console.err(formatter.format([diagnostic]))
            } else {
                console.err("dnsh: error: \(message)\n")
            }
        }
        if let signal = outcome.signal {
            console.err("dnsh: error: interrupted by \(signal == SIGTERM ? "SIGTERM" : "SIGINT") during the apply\n")
        }
        reportRollback(undone: outcome.done, outcome.rollbackFailures, console)
    }

    static func reportRollback(undone: Int, _ failures: [(KernelOperation, KernelError)], _ console: Console) {
        guard failures.isEmpty else {
            console.err("dnsh: error: the rollback could not undo everything; still to fix by hand:\n")
            for (operation, error) in failures {
                let place = operation.namespace.map { $0 == .initial ? "" : "ip -n \($0.stateName ?? "") " } ?? ""
                console.err("   \(place)\(OperationText.ip(operation)): \(error)\n")
            }
            return
        }
        let requests = "\(undone) request\(undone == 1 ? "" : "s")"
        console.err("dnsh: rolled back: \(requests) undone; the host is as it was before the apply\n")
    }
}

/// `DNSH_TIMINGS=1`: how long each phase of a plan or apply took, on standard error.
final class PhaseTimer {
    let enabled = getenv("DNSH_TIMINGS") != nil
    var last = PhaseTimer.now()

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    func lap(_ phase: String, _ console: Console) {
        guard enabled else { return }
        let now = PhaseTimer.now()
        console.err("dnsh: timing: \(phase) \(Int((now - last) * 1000)) us\n")
        last = now
    }
}

/// Values kept until the process exits instead of being freed one object at a time.
enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ values: Any...) { kept += values }
}
