import Foundation

/// What a test script says it should do, read from its comments:
///
///     print 1 + 2            # expect: 3
///     let x = 10.3.16.300    # expect error: invalid IPv4 address '10.3.16.300': 300 is not in 0-255
///     let y = 1 / 0          # expect runtime error: division by zero
///     # expect exit: 5
///     # param: count=2
///
/// `# expect error at 9: MESSAGE` and `# expect runtime error at 9: MESSAGE` also check the column; `# expect note: MESSAGE` checks a note
/// (such as a call chain) on that line.
public struct TestExpectations {
    public struct Located: Hashable, CustomStringConvertible {
        var line: Int
        var column: Int?
        var message: String
        /// Another file than the test's own (an imported one), relative to the test's folder.
        var file: String? = nil
        public var description: String {
            "\(file.map { $0 + ":" } ?? "")\(line):\(column.map { "\($0):" } ?? "") \(message)"
        }
    }

    public var output: [String] = []
    var compileErrors: [Located] = []
    var runtimeError: Located?
    var notes: [Located] = []
    var exitCode: Int32?
    public var parameters: [(name: String, value: String)] = []

    public init(text: String) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let hash = line.range(of: "# expect") ?? line.range(of: "# param:") else { continue }
            parse(String(line[hash.lowerBound...].dropFirst(2)), line: index + 1)
        }
    }

    private mutating func parse(_ comment: String, line: Int) {
        if let text = comment.value(after: "expect: ") {
            output.append(text)
        } else if let text = comment.value(after: "expect error: ") {
            compileErrors.append(Located(line: line, column: nil, message: text))
        } else if let rest = comment.value(after: "expect error at "), let colon = rest.range(of: ": "),
            let column = Int(rest[..<colon.lowerBound])
        {
            compileErrors.append(Located(line: line, column: column, message: String(rest[colon.upperBound...])))
        } else if let rest = comment.value(after: "expect error in "), let located = TestExpectations.located(rest) {
            compileErrors.append(located)
        } else if let rest = comment.value(after: "expect runtime error at "), let colon = rest.range(of: ": "),
            let column = Int(rest[..<colon.lowerBound])
        {
            runtimeError = Located(line: line, column: column, message: String(rest[colon.upperBound...]))
        } else if let text = comment.value(after: "expect runtime error: ") {
            runtimeError = Located(line: line, column: nil, message: text)
        } else if let text = comment.value(after: "expect note: ") {
            notes.append(Located(line: line, column: nil, message: text))
        } else if let text = comment.value(after: "expect exit: ") {
            exitCode = Int32(text.trimmingCharacters(in: .whitespaces))
        } else if let text = comment.value(after: "param: "), let eq = text.firstIndex(of: "=") {
            parameters.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
        }
    }

    /// `FILE:LINE: MESSAGE`, for an error reported in an imported file.
    static func located(_ text: String) -> Located? {
        guard let sep = text.range(of: ": ") else { return nil }
        let place = text[..<sep.lowerBound].split(separator: ":")
        guard place.count == 2, let line = Int(place[1]) else { return nil }
        return Located(line: line, column: nil, message: String(text[sep.upperBound...]), file: String(place[0]))
    }

    /// The exit code the script must end with.
    public var expectedExit: Int32 {
        if let exitCode { return exitCode }
        if !compileErrors.isEmpty { return 3 }
        if let runtimeError {
            return runtimeError.message.hasPrefix("assertion failed")
                || runtimeError.message.hasPrefix("expected an error") ? 5 : 4
        }
        return 0
    }
}

extension String {
    func value(after prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
