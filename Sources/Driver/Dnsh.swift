import Interpreter
import Lexer

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

    static func dispatch(_ options: Options, _ console: Console) -> ExitCode {
        if options.help {
            console.out(HelpText.text(for: options.command))
            return .success
        }
        switch options.command {
        case .version:
            console.out(HelpText.version + "\n")
            return .success
        case .help:
            console.out(HelpText.text(for: options.file.flatMap(Options.Command.init(rawValue:))))
            return .success
        case .run, .check:
            guard let file = options.file else {
                console.err("dnsh: error: no script given (see 'dnsh \(options.command.rawValue) --help')\n")
                return .usage
            }
            return runScript(file, options, console)
        }
    }

    static func runScript(_ file: String, _ options: Options, _ console: Console) -> ExitCode {
        var runner = ScriptRunner()
        runner.parameters = options.parameters
        runner.maxSteps = options.maxSteps
        runner.onOutput = { line in options.json ? console.err(line + "\n") : console.out(line + "\n") }
        let result = options.command == .check ? runner.check(path: file) : runner.run(path: file)
        report(result, options, console)
        return result.exitCode
    }

    static func report(_ result: RunResult, _ options: Options, _ console: Console) {
        if let message = result.message { console.err("dnsh: error: \(message)\n") }
        console.err(DiagnosticsFormatter(colored: console.colored).format(result.diagnostics))
        guard options.json else { return }
        let document = JSON.object([
            ("exit_code", .int(Int(result.exitCode.rawValue))),
            ("diagnostics", .array(result.diagnostics.map(JSON.diagnostic))),
        ])
        console.out(document.rendered() + "\n")
    }
}
