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
        if let refused = refuse(options, console) { return refused }
        let timer = PhaseTimer()
        let isPlan = options.command == .plan
        let backend = isPlan && options.from != nil ? nil : NetlinkBackend()
        let live = backend.map { $0.snapshot(settle: false) } ?? options.makeKernel().snapshot()
        // dnsh exits after this: taking apart a snapshot of a large host, object by object,
        // would only delay the exit (milliseconds for a few hundred namespaces).
        defer { ProcessLifetime.keep(live, backend as Any) }
        timer.lap("snapshot", console)
        let undo = isUndo(options)
        // The script's files, read once: for the plan memory now and after the apply.
        let files = undo || backend == nil ? [] : ScriptRunner(options).sources(path: file)
        let cache =
            files.isEmpty ? nil : PlanCache(files: files, parameters: cacheParameters(options), state: live)
        timer.lap("fingerprint", console)
        if let cache, let output = cache.lookup() {
            defer { timer.lap("output", console) }
            return unchanged(output, live, options, console)
        }
        let host = backend.map { LiveHost(backend: $0, live: live) }
        // On a host, undo removes what applies of the script made (there is nothing to undo
        // without a record); against a state file, what the script creates.
        let record = backend.map { _ in CreationRecord(script: file, options: options) }
        let created = record.map { $0.load() ?? [] }
        let (planned, result) = plan(
            file, options, live: live, undo: undo, console, host: host, created: undo ? created : nil)
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
        let code = execute(planned, on: backend, options, console, script: (file, files))
        if code == .success, let record {
            if undo { record.remove() } else { record.add(CreatedObject.created(by: planned.plan)) }
        }
        return code
    }

    static func isUndo(_ options: Options) -> Bool { options.undo || options.command == .destroy }

    /// Usage errors: no root (a plan may use a state file instead), an unknown plan format.
    static func refuse(_ options: Options, _ console: Console) -> ExitCode? {
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
        return nil
    }

    /// A script and state seen before to change nothing: its output again, and "0 changes".
    static func unchanged(_ output: [String], _ live: NetworkState, _ options: Options, _ console: Console)
        -> ExitCode
    {
        for line in output { options.scriptOutput(console)(line) }
        var result = RunResult(exitCode: .success)
        result.output = output
        result.state = live
        let plan = Plan(operations: [], changes: [], expected: live, touched: [])
        PlanOutput.print(plan, options, console, result: result, applied: options.command != .plan)
        return .success
    }

    /// Sends the plan; rolls back on a failure, a signal, or a host that does not match the plan.
    static func execute(
        _ planned: Planned, on backend: NetlinkBackend, _ options: Options, _ console: Console,
        script: (path: String, files: [SourceFile])
    ) -> ExitCode {
        var transaction = Transaction(planned.plan.operations)
        transaction.failAt = environment("DNSH_FAIL_AT")
        if let signalAt = environment("DNSH_SIGNAL_AT") {
            transaction.beforeOperation = { if $0 == signalAt { raise(SIGINT) } }
        }
        dnsh_catch_signals()
        var caught = true
        defer { if caught { dnsh_release_signals() } }
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
            expected: planned.plan.expected, actual: after, namespaces: planned.plan.touched,
            settings: planned.plan.settings)
        timer.lap("check", console)
        defer { timer.lap("idempotence", console) }
        // A signal during the check still undoes the apply: it is part of it.
        let signal = dnsh_caught_signal()
        guard mismatches.isEmpty, signal == 0 else {
            let failures = transaction.rollBack(Array(planned.plan.operations.indices), on: backend)
            if signal != 0 {
                console.err("dnsh: error: interrupted by \(signalName(signal)) during the apply\n")
            } else {
                console.err("dnsh: error: after the apply the host does not match the plan:\n")
                console.err(mismatches.map { "   \($0)\n" }.joined())
            }
            reportRollback(undone: planned.plan.operations.count, failures, console)
            return .runtimeError
        }
        dnsh_release_signals()
        caught = false
        var result = planned.run
        result.state = after
        PlanOutput.print(planned.plan, options, console, result: result, applied: true)
        if !isUndo(options) { checkIdempotence(script, options, after, planned, console) }
        return .success
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
            console.err("dnsh: error: interrupted by \(signalName(signal)) during the apply\n")
        }
        reportRollback(undone: outcome.done, outcome.rollbackFailures, console)
    }

    static func signalName(_ signal: Int32) -> String {
        signal == SIGTERM ? "SIGTERM" : signal == SIGHUP ? "SIGHUP" : "SIGINT"
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
