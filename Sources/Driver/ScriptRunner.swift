import Builtins
import Interpreter
import Lexer
import NetModel

/// What a `run` or `check` of one script produced.
public struct RunResult {
    public var exitCode: ExitCode
    /// Lines the script printed.
    public var output: [String] = []
    /// Errors (and notes) located in the script.
    public var diagnostics: [Diagnostic] = []
    /// An error that has no location in a script (an unreadable file, an unknown parameter).
    public var message: String?
    /// The simulated kernel's state when the script stopped (after a run).
    public var state: NetworkState?
    /// What the script changed, as `+`/`-`/`~` lines.
    public var changes: [String] = []
    /// The hosts of `host NAME { }` blocks: each one's end state and what it changed.
    public var hosts: [(name: String, state: NetworkState, changes: [String])] = []

    public init(exitCode: ExitCode) { self.exitCode = exitCode }
}

/// Loads, checks and runs scripts: the one path that `dnsh run`, `dnsh check` and the script
/// tests share.
public struct ScriptRunner {
    public var parameters: [(name: String, value: String)] = []
    public var maxSteps = 50_000_000
    /// Receives each printed line as it is printed (besides `RunResult.output`).
    public var onOutput: (String) -> Void = { _ in }
    /// Simulated containers: a name (for `container NAME`) and the PID of its init process.
    public var containers: [(name: String, pid: Int)] = []
    /// The kernel the network commands drive: a fresh simulated one unless told otherwise.
    public var makeBackend: () -> NetworkBackend = { SimulatedKernel() }
    /// Called with the interpreter before a run starts (to trace its statements).
    var configure: (Interpreter) -> Void = { _ in }
    /// Whether a run works out what it changed (`RunResult.changes`, `state`).
    var recordChanges = true
    /// Makes the backend of each host a `host NAME { }` block names (a fresh simulated kernel).
    var makeHost: (String) -> NetworkBackend = { _ in SimulatedKernel() }
    /// `--trace`: every `reach` prints its hops.
    var traceReach = false
    /// Called with the network commands' context after a run (its hosts and cables).
    var onContext: (NetworkContext) -> Void = { _ in }

    public init() {}

    /// A runner set up as the command line says: parameters, containers, `--from`, limits.
    init(_ options: Options) {
        parameters = options.parameters
        traceReach = options.trace
        containers = options.containers
        makeBackend = options.makeKernel
        maxSteps = options.maxSteps
        warningsAreErrors = options.werror
    }

    /// Parses and checks without running.
    /// Warnings count as errors (`dnsh check --werror`).
    public var warningsAreErrors = false

    /// Parses and checks without touching any host: the static checks, then a dry run on a
    /// tracing simulated kernel whose result is examined for problems (StaticChecks,
    /// NetworkChecks). Errors give exit code 3; warnings too with `warningsAreErrors`.
    public func check(path: String) -> RunResult {
        let prepared = prepare(path: path)
        guard let main = prepared.main, prepared.result.exitCode == .success else { return prepared.result }
        var result = prepared.result
        result.diagnostics = StaticChecks.run(prepared.loader.programs)
        let tracer = TracingBackend((makeBackend() as? SimulatedKernel) ?? SimulatedKernel())
        var dryRun = self
        dryRun.makeBackend = { tracer }
        dryRun.onOutput = { _ in }
        _ = onLargeStack {
            dryRun.execute(main, prepared.loader, prepared.overrides) { interpreter in
                tracer.location = { [unowned interpreter] in interpreter.currentCall }
                tracer.callers = { [unowned interpreter] in
                    interpreter.callSites.reversed().map {
                        Diagnostic(.note, "in '\($0.name)' called from here", at: $0.range)
                    }
                }
            }
        }
        result.diagnostics += NetworkChecks.run(tracer)
        result.diagnostics.sort { ($0.range.file.path, $0.range.start) < ($1.range.file.path, $1.range.start) }
        let failing = result.diagnostics.contains {
            $0.severity == .error || (warningsAreErrors && $0.severity == .warning)
        }
        result.exitCode = failing ? .scriptError : .success
        return result
    }

    public func run(path: String) -> RunResult {
        let prepared = prepare(path: path)
        guard let main = prepared.main, prepared.result.exitCode == .success else { return prepared.result }
        return onLargeStack { execute(main, prepared.loader, prepared.overrides, configure: configure) }
    }

    /// The files a script is made of (itself and what it imports), as loaded (not checked).
    func sources(path: String) -> [SourceFile] {
        let loader = Loader()
        _ = onLargeStack { Result { try loader.loadMain(path: path) } }
        return loader.programs.map(\.file)
    }

    struct Prepared {
        var result: RunResult
        var loader: Loader
        var main: Program?
        var overrides: [String: Value] = [:]
    }

    func prepare(path: String) -> Prepared {
        let loader = Loader()
        var prepared = Prepared(result: RunResult(exitCode: .success), loader: loader)
        do {
            prepared.main = try onLargeStack { Result { try loader.loadMain(path: path) } }.get()
        } catch let error as Loader.FileError {
            prepared.result = RunResult(exitCode: .usage)
            prepared.result.message = "cannot read '\(path)': \(error.message)"
            return prepared
        } catch {
            prepared.result.exitCode = .internalError
            return prepared
        }
        let resolver = Resolver(registry: Commands.registry(network: NetworkContext(backend: SimulatedKernel())))
        let problems =
            loader.diagnostics.isEmpty ? onLargeStack { resolver.check(loader.programs) } : loader.diagnostics
        if !problems.isEmpty {
            prepared.result.exitCode = .scriptError
            prepared.result.diagnostics = problems
            return prepared
        }
        return resolveParameters(prepared)
    }

    /// Matches `--param NAME=VALUE` against the script's `param` declarations.
    func resolveParameters(_ prepared: Prepared) -> Prepared {
        var prepared = prepared
        let declared = Set(
            prepared.loader.programs.flatMap { $0.statements }.compactMap { stmt -> String? in
                if case .param(let name, _) = stmt.kind { return name }
                return nil
            })
        for (name, text) in parameters {
            guard declared.contains(name) else {
                prepared.result.exitCode = .usage
                let known =
                    declared.isEmpty ? "it declares none" : "it declares " + declared.sorted().joined(separator: ", ")
                prepared.result.message = "unknown parameter '\(name)': \(known)"
                return prepared
            }
            prepared.overrides[name] = ParameterValue.parse(text)
        }
        return prepared
    }

    /// A new interpreter whose network commands drive `backend`: the simulated containers are
    /// declared on a simulated kernel; on the real one `container NAME` asks Docker.
    static func interpreter(
        over backend: NetworkBackend, containers: [(name: String, pid: Int)],
        makeHost: @escaping (String) -> NetworkBackend = { _ in SimulatedKernel() },
        onContext: (NetworkContext) -> Void = { _ in }, output: @escaping (String) -> Void
    ) -> Interpreter {
        let network = NetworkContext(backend: backend)
        network.makeHost = makeHost
        onContext(network)
        if let simulated = backend as? SimulatedKernel
            ?? (containers.isEmpty ? nil : (backend as? ConvergingBackend)?.kernel)
        {
            for (name, pid) in containers {
                simulated.addContainer(pid: pid)
                network.containers[name] = pid
            }
        } else {
            network.lookupContainer = DockerLookup.pid(of:)
        }
        let interpreter = Interpreter(registry: Commands.registry(network: network), output: output)
        network.install(into: interpreter)
        return interpreter
    }

    func execute(
        _ main: Program, _ loader: Loader, _ overrides: [String: Value], configure: (Interpreter) -> Void = { _ in }
    ) -> RunResult {
        var result = RunResult(exitCode: .success)
        var lines: [String] = []
        let kernel = makeBackend()
        let before = recordChanges ? kernel.snapshot() : NetworkState(namespaces: [])
        var context: NetworkContext?
        let interpreter = ScriptRunner.interpreter(
            over: kernel, containers: containers, makeHost: makeHost,
            onContext: { [traceReach] in
                $0.traceReach = traceReach
                context = $0
            }
        ) { line in
            lines.append(line)
            onOutput(line)
        }
        configure(interpreter)
        interpreter.maxSteps = maxSteps
        interpreter.parameterOverrides = overrides
        do {
            try interpreter.run(main, loader: loader)
        } catch let error as RuntimeError {
            result.exitCode = error.kind == .assertion ? .testFailure : .runtimeError
            result.diagnostics = [error.diagnostic]
        } catch {
            result.exitCode = .internalError
            result.message = "internal error: \(error)"
        }
        result.output = lines
        if let context {
            onContext(context)
            result.hosts = context.hosts.map { host in
                let state = host.backend.snapshot()
                return (host.name, state, StateDiff.lines(from: SimulatedKernel().snapshot(), to: state))
            }
        }
        guard recordChanges else { return result }
        let after = kernel.snapshot()
        result.state = after
        result.changes = StateDiff.lines(from: before, to: after)
        return result
    }
}
