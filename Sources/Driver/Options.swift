import Interpreter
import NetModel

/// The parsed command line.
struct Options {
    enum Command: String, CaseIterable {
        case run, plan, apply, destroy, state, check, test, graph, repl, help, version
    }

    var command: Command = .run
    var file: String?
    var parameters: [(name: String, value: String)] = []
    var json = false
    var help = false
    var maxSteps = 50_000_000
    var containers: [(name: String, pid: Int)] = []
    /// How many containers were declared without a PID (they get 10001, 10002, ...).
    var unnumberedContainers = 0
    var summary = true
    /// The REPL against the live kernel.
    var real = false
    /// Whether the command was named (`dnsh FILE` runs it; `dnsh` alone starts the REPL).
    var commandGiven = false
    /// `dnsh test`: the paths to search, a filter, parallel jobs, a JUnit report.
    var paths: [String] = []
    var filter: String?
    var jobs = 1
    var junit: String?
    /// A state file (`dnsh state --json`) the simulated kernel starts from.
    var from: String?
    /// `dnsh apply|plan --host NAME`: the host (`host NAME { }`) whose part is planned or applied.
    var host: String?
    /// `--trace`: every `reach` prints its hops.
    var trace = false
    /// `dnsh apply --undo`: remove what the script creates.
    var undo = false
    /// `dnsh run --converge`: the rules of apply (a command whose effect holds is a no-op).
    var converge = false
    /// `dnsh check --werror`: warnings fail the check.
    var werror = false
    /// `dnsh graph`: dot (default), svg, png or pdf, and where to write it; `dnsh plan`: text or ip.
    var format: String?
    var output: String?
    /// Where a script's printed lines go: standard error when standard output holds a document
    /// alone (--json, or `plan --format ip`), else standard output.
    func scriptOutput(_ console: Console) -> (String) -> Void {
        let document = json || (command == .plan && format == "ip")
        return { line in document ? console.err(line + "\n") : console.out(line + "\n") }
    }

    /// Makes the simulated kernel a run starts with (from `--from`, when given).
    var makeKernel: () -> NetworkBackend = { SimulatedKernel() }
}

struct UsageError: Error {
    var message: String
    var command: Options.Command?
}

/// Hand-written argument parsing: `dnsh [COMMAND] [OPTIONS] [FILE] [OPTIONS]`; options may come
/// before or after the file, and `--` ends them.
enum ArgumentParser {
    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        if let first = rest.first, let command = Options.Command(rawValue: first) {
            options.command = command
            options.commandGiven = true
            rest = rest.dropFirst()
        }
        var onlyPositional = false
        while let argument = rest.popFirst() {
            if onlyPositional || !argument.hasPrefix("-") || argument == "-" {
                try setFile(argument, &options)
            } else if argument == "--" {
                onlyPositional = true
            } else {
                try parseOption(argument, &rest, &options)
            }
        }
        return options
    }

    static func setFile(_ argument: String, _ options: inout Options) throws {
        if options.command == .test {
            options.paths.append(argument)
            return
        }
        if options.command == .help, Options.Command(rawValue: argument) != nil, options.file == nil {
            options.file = argument
            return
        }
        guard options.file == nil else {
            throw UsageError(
                message: "unexpected argument '\(argument)': only one script is run at a time",
                command: options.command)
        }
        options.file = argument
    }

    static func parseOption(_ argument: String, _ rest: inout ArraySlice<String>, _ options: inout Options) throws {
        let (name, inlineValue) = splitOption(argument)
        func value() throws -> String {
            if let inlineValue { return inlineValue }
            guard let next = rest.popFirst() else {
                throw UsageError(message: "option '\(name)' needs a value", command: options.command)
            }
            return next
        }
        switch name {
        case "-h", "--help": options.help = true
        case "--version": options.command = .version
        case "--json": options.json = true
        case "--no-summary": options.summary = false
        case "--real": options.real = true
        case "-k": options.filter = try value()
        case "--junit": options.junit = try value()
        case "--from": options.from = try value()
        case "--werror": options.werror = true
        case "--undo": options.undo = true
        case "--trace": options.trace = true
        case "--host":
            let name = try value()
            guard Parser.isIdentifier(name) else {
                throw UsageError(
                    message: "--host needs a host's name (a word), not '\(name)'", command: options.command)
            }
            options.host = name
        case "--converge": options.converge = true
        case "--format": options.format = try value()
        case "-o", "--output": options.output = try value()
        case "-j", "--jobs":
            let text = try value()
            guard let jobs = Int(text), jobs > 0 else {
                throw UsageError(message: "--jobs needs a positive number, not '\(text)'", command: options.command)
            }
            options.jobs = jobs
        case "--container": options.containers.append(try parseContainer(try value(), &options))
        case "-p", "--param": options.parameters.append(try parseParameter(try value(), options.command))
        case "--max-steps":
            let text = try value()
            guard let steps = Int(text), steps > 0 else {
                throw UsageError(
                    message: "--max-steps needs a positive number, not '\(text)'", command: options.command)
            }
            options.maxSteps = steps
        default:
            throw UsageError(message: "unknown option '\(name)'", command: options.command)
        }
    }

    /// `--param=a=b` is (`--param`, `a=b`); `--param` alone has no inline value.
    static func splitOption(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }

    /// `NAME` or `NAME=PID`; containers without a PID get 10001, 10002, ... in order.
    static func parseContainer(_ text: String, _ options: inout Options) throws -> (name: String, pid: Int) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            throw UsageError(message: "--container needs NAME or NAME=PID, not '\(text)'", command: options.command)
        }
        guard parts.count == 2 else {
            options.unnumberedContainers += 1
            return (name, 10000 + options.unnumberedContainers)
        }
        guard let pid = Int(parts[1]), pid > 0 else {
            throw UsageError(
                message: "--container \(text): the PID must be a positive number", command: options.command)
        }
        return (name, pid)
    }

    static func parseParameter(_ text: String, _ command: Options.Command) throws -> (name: String, value: String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw UsageError(message: "--param needs NAME=VALUE, not '\(text)'", command: command)
        }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }
}
