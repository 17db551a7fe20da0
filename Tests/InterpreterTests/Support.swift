import Foundation
import Interpreter
import Lexer
import XCTest

/// Renders the AST as compact S-expressions so that tests can state a whole shape at once.
enum AST {
    static func show(_ program: Program) -> [String] { program.statements.map(show) }

    static func show(_ block: Block) -> String { "{" + block.statements.map(show).joined(separator: "; ") + "}" }

    static func show(_ stmt: Stmt) -> String {
        switch stmt.kind {
        case .command(let call): return "(cmd " + ([call.name] + call.arguments.map(show)).joined(separator: " ") + ")"
        case .expression(let e): return "(expr \(show(e)))"
        case .let(let name, let value): return "(let \(name) \(show(value)))"
        case .assign(let name, let op, let value): return "(set \(name) \(op.rawValue) \(show(value)))"
        case .if(let c, let then, let otherwise):
            return "(if \(show(c)) \(show(then))" + (otherwise.map { " else " + show($0) } ?? "") + ")"
        case .for(let index, let element, let sequence, let body):
            return "(for " + (index.map { "\($0), " } ?? "") + "\(element) in \(show(sequence)) \(show(body)))"
        case .while(let c, let body): return "(while \(show(c)) \(show(body)))"
        case .break: return "(break)"
        case .continue: return "(continue)"
        case .return(let value): return value.map { "(return \(show($0)))" } ?? "(return)"
        case .def(let decl):
            let params = decl.parameters.map { p in p.name + (p.defaultValue.map { "=" + show($0) } ?? "") }
            return "(def " + ([decl.name] + params + [show(decl.body)]).joined(separator: " ") + ")"
        case .import(let path): return "(import \"\(path)\")"
        case .param(let name, let value): return "(param \(name) \(show(value)))"
        case .inNamespace(let ns, let body): return "(in \(show(ns)) \(show(body)))"
        case .onHost(let host, let body): return "(host \(show(host)) \(show(body)))"
        case .assert(let c, let message): return "(assert \(show(c))" + (message.map { " " + show($0) } ?? "") + ")"
        case .expectError(let pattern, let body):
            return "(expect" + (pattern.map { " " + show($0) } ?? "") + " \(show(body)))"
        }
    }

    static func show(_ argument: Call.Argument) -> String {
        switch argument {
        case .positional(let e): return show(e)
        case .named(let name, let e, _): return "\(name)=\(show(e))"
        }
    }

    static func show(_ expr: Expr) -> String {
        switch expr.kind {
        case .literal(let v): return v.literalDescription
        case .word(let w): return "(word \(w))"
        case .interpolation(let parts):
            let shown = parts.map { part -> String in
                switch part {
                case .text(let t): return "\"\(t)\""
                case .expr(let e): return show(e)
                }
            }
            return "(interp " + shown.joined(separator: " ") + ")"
        case .variable(let name): return "$" + name
        case .list(let items): return "[" + items.map(show).joined(separator: ", ") + "]"
        case .map(let pairs):
            return "{" + pairs.map { "\(show($0.key)): \(show($0.value))" }.joined(separator: ", ") + "}"
        case .unary(let op, let e): return "(\(op == .negate ? "neg" : "not") \(show(e)))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(show(l)) \(show(r)))"
        case .range(let l, let r): return "(.. \(show(l)) \(show(r)))"
        case .member(let e, let name): return "(. \(show(e)) \(name))"
        case .index(let e, let i): return "(index \(show(e)) \(show(i)))"
        case .call(let call): return "(call " + ([call.name] + call.arguments.map(show)).joined(separator: " ") + ")"
        }
    }
}

/// Runs `body` on a thread with a big stack (deep-nesting tests), and waits for it.
final class StackBox<T>: @unchecked Sendable {
    var body: (() -> T)?
    var value: T?
}

func onBigStack<T>(_ body: @escaping () -> T) -> T {
    let box = StackBox<T>()
    box.body = body
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = box.body?()
        done.signal()
    }
    thread.stackSize = 256 << 20
    thread.start()
    done.wait()
    return box.value!
}

class ParserTestCase: XCTestCase {
    func parse(_ text: String, path: String = "t.dn") -> (program: Program, diagnostics: [Diagnostic]) {
        Parser.parse(SourceFile(path: path, text: text))
    }

    /// The statements as S-expressions; fails on any diagnostic.
    func ast(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let (program, diagnostics) = parse(text)
        XCTAssertEqual(diagnostics.map(\.message), [], "unexpected diagnostics for:\n\(text)", file: file, line: line)
        return AST.show(program)
    }

    /// The single statement of `text`, rendered.
    func one(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let shown = ast(text, file: file, line: line)
        XCTAssertEqual(shown.count, 1, "expected one statement, got \(shown)", file: file, line: line)
        return shown.first ?? ""
    }

    /// `LINE:COL message` for each diagnostic.
    func errors(_ text: String) -> [String] {
        parse(text).diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.message)" }
    }
}
