import Builtins
import Foundation
import Interpreter
import Lexer
import NetModel
import Netlink

/// The state of an interactive session: one kernel and one interpreter that every input runs
/// in, and the inputs that ran, for `:save`.
final class ReplSession {
    let real: Bool
    let console: Console
    private(set) var backend: NetworkBackend
    private(set) var interpreter: Interpreter
    private(set) var entered: [String] = []
    private var inputs = 0

    let makeKernel: () -> NetworkBackend

    init(real: Bool, console: Console, makeKernel: @escaping () -> NetworkBackend = { SimulatedKernel() }) {
        self.real = real
        self.console = console
        self.makeKernel = makeKernel
        (backend, interpreter) = ReplSession.fresh(real: real, console: console, makeKernel: makeKernel)
    }

    static func fresh(real: Bool, console: Console, makeKernel: () -> NetworkBackend) -> (NetworkBackend, Interpreter) {
        let backend: NetworkBackend = real ? NetlinkBackend() : makeKernel()
        return (backend, ScriptRunner.interpreter(over: backend, containers: []) { console.out($0 + "\n") })
    }

    /// `:reset`: a new kernel (when simulated) and an empty interpreter.
    func reset() {
        (backend, interpreter) = ReplSession.fresh(real: real, console: console, makeKernel: makeKernel)
        entered = []
    }

    /// Checks and runs one complete input; errors are printed with the caret under the input.
    /// Returns the exit code the input would have given a script.
    @discardableResult
    func evaluate(_ text: String) -> ExitCode {
        inputs += 1
        let loader = Loader()
        let program = loader.load(SourceFile(path: "<input \(inputs)>", text: text))
        return run(program, loader, remember: text)
    }

    /// `:load FILE`: runs a script in the session.
    func load(path: String) -> ExitCode {
        let loader = Loader()
        do {
            let program = try loader.loadMain(path: path)
            return run(program, loader, remember: nil)
        } catch let error as Loader.FileError {
            console.err("dnsh: error: cannot read '\(path)': \(error.message)\n")
        } catch {
            console.err("dnsh: error: cannot read '\(path)'\n")
        }
        return .usage
    }

    private func run(_ program: Program, _ loader: Loader, remember text: String?) -> ExitCode {
        let formatter = DiagnosticsFormatter(colored: console.colored)
        let resolver = Resolver(
            registry: interpreter.registry, knownGlobals: Set(interpreter.globals.visibleNames),
            knownFunctions: Array(interpreter.functions.values))
        let problems = loader.diagnostics.isEmpty ? resolver.check(loader.programs) : loader.diagnostics
        guard problems.isEmpty else {
            console.err(formatter.format(problems))
            return .scriptError
        }
        do {
            try onLargeStack {
                Result { try self.interpreter.runInteractive(program, loader: loader) { self.echo($0) } }
            }.get()
        } catch let error as RuntimeError {
            console.err(formatter.format(error.diagnostic))
            return error.kind == .assertion ? .testFailure : .runtimeError
        } catch {
            console.err("dnsh: internal error: \(error)\n")
            return .internalError
        }
        if let text { entered.append(text) }
        return .success
    }

    func echo(_ value: Value) {
        console.out(value.literalDescription + "\n")
    }

    /// Whether the input so far needs more lines: an open `{`, `(` or `[`, or a trailing `\`.
    static func needsMore(_ text: String) -> Bool {
        if text.hasSuffix("\\") { return true }
        let (tokens, _) = Scanner.scan(SourceFile(path: "<input>", text: text))
        var depth = 0
        for token in tokens {
            switch token.kind {
            case .leftBrace, .leftParen, .leftBracket: depth += 1
            case .rightBrace, .rightParen, .rightBracket: depth -= 1
            default: break
            }
        }
        return depth > 0
    }

    /// What Tab can offer now: commands, variables, and the links and namespaces that exist.
    func completer() -> Completer {
        let commands = interpreter.registry.names + interpreter.functions.keys.sorted()
        let links = ((try? backend.links(in: .initial)) ?? []).map(\.name)
        return Completer(
            commands: commands, variables: interpreter.globals.visibleNames, links: links,
            namespaces: backend.namespaceNames())
    }
}
