import Foundation
import Glibc
import NetModel

/// `dnsh repl`: reads statements, runs each as it is complete, echoes values, and keeps going
/// after errors. `:help` lists the meta-commands.
struct Repl {
    static let primaryPrompt = "dnsh> "
    static let continuationPrompt = "...   "

    let session: ReplSession
    let reader: LineReader
    let interactive: Bool
    let console: Console

    static let help = """
        Statements run as soon as they are complete; an open {, ( or [ or a trailing \\ continues
        on the next line. Values of expressions are echoed. Tab completes; Ctrl-C drops the
        current input; Ctrl-D leaves.

          :help         this text
          :state        the current state, for people
          :json         the current state in the state format
          :reset        start over with an empty kernel and no variables
          :load FILE    run a script in this session
          :save FILE    write the statements entered so far as a script
          :quit         leave (Ctrl-D does too)

        """

    /// Runs until end of input or `:quit`; the exit code is that of the last failed input when
    /// reading a script from a pipe, 0 on a terminal.
    func run() -> ExitCode {
        var pending: [String] = []
        var worst = ExitCode.success
        if interactive {
            console.out(
                "dnsh \(HelpText.version.split(separator: " ").last ?? "") on the \(session.real ? "real" : "simulated") kernel; :help for help\n"
            )
        }
        while let line = reader.read(prompt: pending.isEmpty ? Repl.primaryPrompt : Repl.continuationPrompt) {
            if reader.takeInterrupt() { pending = [] }
            reader.remember(line)
            if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                if !meta(line.trimmingCharacters(in: .whitespaces)) { return worst }
                continue
            }
            pending.append(line)
            let text = pending.joined(separator: "\n")
            if ReplSession.needsMore(text) { continue }
            pending = []
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            let code = session.evaluate(text)
            if code != .success { worst = code }
        }
        if interactive { console.out("\n") }
        return interactive ? .success : worst
    }

    /// Runs a meta-command; false means leave.
    func meta(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        switch parts[0] {
        case ":help", ":h": console.out(Repl.help)
        case ":state": console.out(StateText.render(session.backend.snapshot()))
        case ":json": console.out(StateJSON.document(session.backend.snapshot()).rendered() + "\n")
        case ":reset":
            session.reset()
            console.out(
                session.real
                    ? "the interpreter starts over (the real kernel keeps its state)\n" : "a fresh simulated kernel\n")
        case ":load":
            guard let argument else { return usage(":load FILE") }
            session.load(path: argument)
        case ":save":
            guard let argument else { return usage(":save FILE") }
            save(to: argument)
        case ":quit", ":q", ":exit": return false
        default: console.err("dnsh: unknown meta-command '\(parts[0])' (:help lists them)\n")
        }
        return true
    }

    func usage(_ text: String) -> Bool {
        console.err("dnsh: usage: \(text)\n")
        return true
    }

    func save(to path: String) {
        let script = session.entered.joined(separator: "\n") + "\n"
        do {
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            console.out("saved \(session.entered.count) input\(session.entered.count == 1 ? "" : "s") to \(path)\n")
        } catch {
            console.err("dnsh: error: cannot write '\(path)': \(error.localizedDescription)\n")
        }
    }

    /// The history file: $DNSH_HISTORY, else $XDG_STATE_HOME/dnsh/history, else ~/.dnsh_history.
    static func historyPath() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["DNSH_HISTORY"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/dnsh/history" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.dnsh_history"
    }
}

extension Dnsh {
    /// `dnsh repl` (and `dnsh` alone): readline on a terminal, plain lines from a pipe.
    static func startRepl(_ options: Options, _ console: Console) -> ExitCode {
        if options.real, let refusal = RealKernel.refusal() {
            console.err("dnsh: error: \(refusal)\n")
            return .usage
        }
        let session = ReplSession(real: options.real, console: console, makeKernel: options.makeKernel)
        let interactive = isatty(0) == 1
        let reader: LineReader =
            interactive
            ? ReadlineReader(historyPath: Repl.historyPath(), completer: { session.completer() }) : PlainLineReader()
        defer { reader.close() }
        return Repl(session: session, reader: reader, interactive: interactive, console: console).run()
    }
}
