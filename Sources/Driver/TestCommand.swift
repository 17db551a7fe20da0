import Foundation
import NetModel

/// `dnsh test [PATH...]`: the users' script tests on fresh simulated kernels.
///
/// A test is a file named `*_test.dn`, or any `.dn` file inside a folder named `tests` (files
/// starting with `_` and folders named `lib` hold helpers and are skipped). A PATH that is a file
/// is a test whatever its name. Each test runs against its own fresh simulated kernel and is
/// checked against its expectation comments and assertions.
enum TestCommand {
    static func run(_ options: Options, _ console: Console) -> ExitCode {
        let roots = options.paths.isEmpty ? ["."] : options.paths
        var files: [String] = []
        for root in roots {
            guard let found = discover(root) else {
                console.err("dnsh: error: cannot read '\(root)': No such file or directory\n")
                return .usage
            }
            files += found
        }
        if let pattern = options.filter { files = files.filter { $0.contains(pattern) } }
        guard !files.isEmpty else {
            console.err("dnsh: error: no tests found (files named *_test.dn, or .dn files in a tests/ folder)\n")
            return .usage
        }
        let results = runAll(files, jobs: options.jobs, options)
        if options.json {
            console.out(json(results).rendered() + "\n")
        } else {
            report(results, console)
        }
        if let junit = options.junit {
            do {
                try JUnitReport.xml(results).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                console.err("dnsh: error: cannot write '\(junit)': \(error.localizedDescription)\n")
                return .usage
            }
        }
        return results.allSatisfy(\.passed) ? .success : .testFailure
    }

    /// The tests under a path, sorted; nil when the path does not exist.
    static func discover(_ root: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [root] }
        let walker = FileManager.default.enumerator(atPath: root)
        let relative = (walker?.allObjects as? [String]) ?? []
        return relative.filter { path in
            let parts = path.split(separator: "/").map(String.init)
            guard let name = parts.last, name.hasSuffix(".dn"), !name.hasPrefix("_"), !parts.contains("lib") else {
                return false
            }
            return name.hasSuffix("_test.dn") || parts.dropLast().contains("tests")
                || (root as NSString).lastPathComponent == "tests"
        }
        .sorted()
        .map { root == "." ? $0 : (root as NSString).appendingPathComponent($0) }
    }

    /// Runs the tests, `jobs` at a time, keeping their order in the result.
    static func runAll(_ files: [String], jobs: Int, _ options: Options) -> [ScriptTest] {
        let box = ResultsBox(count: files.count)
        let settings = TestSettings(options)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, jobs)
        for (i, file) in files.enumerated() {
            queue.addOperation {
                let test = ScriptTest.run(file) { runner in
                    runner.containers = settings.containers
                    runner.makeBackend = settings.makeKernel
                    runner.maxSteps = settings.maxSteps
                }
                box.set(i, test)
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        return box.results.compactMap { $0 }
    }

    /// `{"passed": N, "failed": N, "tests": [{"path", "passed", "exit_code", "seconds", "location", "problems"}]}`
    static func json(_ results: [ScriptTest]) -> JSON {
        let failed = results.filter { !$0.passed }.count
        let tests = results.map { test in
            JSON.object([
                ("path", .string(test.path)), ("passed", .bool(test.passed)),
                ("exit_code", .int(Int(test.exitCode.rawValue))),
                ("seconds", .string(String(format: "%.3f", test.seconds))),
                ("location", test.location.map(JSON.string) ?? .null),
                ("problems", .array(test.problems.map(JSON.string))),
            ])
        }
        return .object([("passed", .int(results.count - failed)), ("failed", .int(failed)), ("tests", .array(tests))])
    }

    static func report(_ results: [ScriptTest], _ console: Console) {
        for test in results {
            let time = String(format: "%.3fs", test.seconds)
            console.out("\(test.passed ? "ok  " : "FAIL") \(test.path) (\(time))\n")
            for problem in test.problems { console.out("       \(problem)\n") }
        }
        let failed = results.filter { !$0.passed }.count
        console.out("\(results.count - failed) passed, \(failed) failed\n")
    }
}

/// What every test run needs from the options; only read, by the concurrent runs.
private final class TestSettings: @unchecked Sendable {
    let containers: [(name: String, pid: Int)]
    let maxSteps: Int
    let makeKernel: () -> NetworkBackend

    init(_ options: Options) {
        containers = options.containers
        maxSteps = options.maxSteps
        makeKernel = options.makeKernel
    }
}

/// Collects results from concurrent test runs; the lock keeps the writes apart.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [ScriptTest?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ test: ScriptTest) {
        lock.lock()
        results[i] = test
        lock.unlock()
    }
}

/// JUnit XML as CI systems read it: one testcase per script, a failure with the first problem as
/// its message and every problem in its text.
enum JUnitReport {
    static func xml(_ results: [ScriptTest]) -> String {
        let failures = results.filter { !$0.passed }.count
        let total = results.reduce(0) { $0 + $1.seconds }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuites tests=\"\(results.count)\" failures=\"\(failures)\" time=\"\(seconds(total))\">",
            "  <testsuite name=\"dnsh\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(seconds(total))\">",
        ]
        for test in results {
            let open =
                "    <testcase classname=\"dnsh\" name=\"\(escape(test.path))\" file=\"\(escape(test.path))\" time=\"\(seconds(test.seconds))\""
            guard let first = test.problems.first else {
                lines.append(open + "/>")
                continue
            }
            let message = test.location.map { first.hasPrefix($0) ? first : $0 + ": " + first } ?? first
            lines.append(open + ">")
            lines.append(
                "      <failure message=\"\(escape(message))\" type=\"exit \(test.exitCode.rawValue)\">\(escape(test.problems.joined(separator: "\n")))</failure>"
            )
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
