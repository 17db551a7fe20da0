import Interpreter
import Lexer
import NetModel
import Netlink

/// The `dnsh` command: parses the command line and runs the chosen command.
public enum Dnsh {
    public static func main(_ arguments: [String], console: Console) -> Int32 {
        let options: Options
        do {
            options = try ArgumentParser.parse(arguments)
        } catch let error as UsageError {
            let command = error.command.map { " \($0.rawValue)" } ?? ""
            console.err("dnsh: error: \(error.message) (see 'dnsh\(command) --help')\n")
            return ExitCode.usage.rawValue
        } catch {
            return ExitCode.internalError.rawValue
        }
        return dispatch(options, console).rawValue
    }

    /// The simulated kernel every run starts from: empty, or the `--from` snapshot.
    static func simulatedKernel(_ options: Options) throws -> () -> NetworkBackend {
        guard let path = options.from else { return { SimulatedKernel() } }
        let state = try StateParser.parse(file: path)
        let probe = SimulatedKernel()
        try probe.restore(state)
        return {
            let kernel = SimulatedKernel()
            try? kernel.restore(state)
            return kernel
        }
    }

    static func dispatch(_ options: Options, _ console: Console) -> ExitCode {
        var options = options
        do {
            options.makeKernel = try simulatedKernel(options)
        } catch {
            console.err("dnsh: error: --from: \(error)\n")
            return .usage
        }
        return dispatchCommand(options, console)
    }

    static func dispatchCommand(_ options: Options, _ console: Console) -> ExitCode {
        if options.help {
            console.out(HelpText.text(for: options.commandGiven ? options.command : nil))
            return .success
        }
        switch options.command {
        case .version:
            console.out(HelpText.version + "\n")
            return .success
        case .help:
            console.out(HelpText.text(for: options.file.flatMap(Options.Command.init(rawValue:))))
            return .success
        case .state: return printState(options, console)
        case .repl: return startRepl(options, console)
        case .test: return TestCommand.run(options, console)
        case .run where !options.commandGiven && options.file == nil: return startRepl(options, console)
        case .graph:
            guard let file = options.file else {
                console.err("dnsh: error: no script given (see 'dnsh graph --help')\n")
                return .usage
            }
            return GraphCommand.run(file, options, console)
        case .run, .check, .apply, .plan, .destroy:
            guard let file = options.file else {
                console.err("dnsh: error: no script given (see 'dnsh \(options.command.rawValue) --help')\n")
                return .usage
            }
            if [.apply, .plan, .destroy].contains(options.command) { return ApplyCommand.run(file, options, console) }
            return runScript(file, options, console)
        }
    }

    static func runScript(_ file: String, _ options: Options, _ console: Console) -> ExitCode {
        var runner = ScriptRunner(options)
        if options.real && options.command == .run {
            // Statement by statement on the live kernel, with its rules: no plan, no rollback.
            if let refusal = RealKernel.refusal() {
                console.err("dnsh: error: \(refusal)\n")
                return .usage
            }
            runner.makeBackend = { NetlinkBackend() }
        }
        if options.converge {
            let make = options.makeKernel
            runner.makeBackend = {
                let kernel = make() as? SimulatedKernel ?? SimulatedKernel()
                return ConvergingBackend(kernel)
            }
        }
        runner.onOutput = options.scriptOutput(console)
        let result = options.command == .check ? runner.check(path: file) : runner.run(path: file)
        report(result, options, console)
        return result.exitCode
    }

    static func report(_ result: RunResult, _ options: Options, _ console: Console) {
        if let message = result.message { console.err("dnsh: error: \(message)\n") }
        console.err(DiagnosticsFormatter(colored: console.colored).format(result.diagnostics))
        guard options.json else {
            if options.command != .check, options.summary, let state = result.state {
                printSummary(result, state, options.real ? "the host" : "the simulated kernel", console)
            }
            return
        }
        var pairs: [(String, JSON)] = [
            ("exit_code", .int(Int(result.exitCode.rawValue))),
            ("diagnostics", .array(result.diagnostics.map(JSON.diagnostic))),
        ]
        if options.command != .check { pairs.append(("output", .array(result.output.map(JSON.string)))) }
        if let state = result.state, case .object(let statePairs) = StateJSON.document(state) {
            pairs = statePairs + pairs
        }
        if !result.hosts.isEmpty {
            let hosts = result.hosts.map { host -> JSON in
                guard case .object(let statePairs) = StateJSON.document(host.state) else { return .null }
                return .object([("name", .string(host.name))] + statePairs)
            }
            pairs.insert(("hosts", .array(hosts)), at: min(1, pairs.count))
        }
        console.out(JSON.object(pairs).rendered() + "\n")
    }

    /// What the run changed on the simulated kernel (and on each other host), after the
    /// script's output.
    static func printSummary(_ result: RunResult, _ state: NetworkState, _ target: String, _ console: Console) {
        for (changes, place) in [(result.changes, target)] + result.hosts.map({ ($0.changes, "host \($0.name)") })
        where !changes.isEmpty {
            let count = changes.count
            console.out("-- \(count) change\(count == 1 ? "" : "s") on \(place):\n")
            console.out(changes.map { "   \($0)\n" }.joined())
        }
    }
}
