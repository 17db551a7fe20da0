import Foundation
import Interpreter
import NetTypes

/// Walks a command's arguments the way ip(8) reads its words, with errors that point at the
/// argument at fault.
final class ArgumentCursor {
    let call: Invocation
    private(set) var index = 0

    init(_ call: Invocation, skip: Int = 0) {
        self.call = call
        index = skip
    }

    var atEnd: Bool { index >= call.arguments.count }

    /// The next argument as a word (a string), without consuming it.
    var peekWord: String? {
        guard !atEnd, case .string(let s) = call.arguments[index] else { return nil }
        return s
    }

    func error(_ message: String, at position: Int? = nil) -> CommandError {
        CommandError("\(call.name): \(message)", argument: position ?? min(index, call.arguments.count - 1))
    }

    func next(_ what: String) throws -> Value {
        guard !atEnd else {
            throw CommandError(
                "\(call.name): expected \(what) after '\(call.arguments.last?.description ?? call.name)'")
        }
        index += 1
        return call.arguments[index - 1]
    }

    /// The next argument if it is the given keyword.
    func accept(_ word: String) -> Bool {
        guard peekWord == word else { return false }
        index += 1
        return true
    }

    func word(_ what: String) throws -> String {
        let value = try next(what)
        guard case .string(let s) = value else { throw error("expected \(what), got \(value.typeName)", at: index - 1) }
        return s
    }

    /// A device or namespace name: a word, a string, or a handle (its name).
    /// Names never reach the kernel with `/`, a NUL byte or other non-printing characters: dnsh
    /// refuses them itself (EINVAL), so a script cannot smuggle a path or a truncated name.
    func name(_ what: String) throws -> String {
        let name: String
        switch try next(what) {
        case .string(let s): name = s
        case .handle(let h): name = h.name
        case let other: throw error("expected \(what), got \(other.typeName)", at: index - 1)
        }
        if let problem = ArgumentCursor.nameProblem(name) {
            throw CommandError(
                "\(call.name): invalid name \(Value.string(name).literalDescription): \(problem)", code: "EINVAL",
                argument: index - 1)
        }
        return name
    }

    /// A file path (`netns path /run/netns/x`): `/` is its separator, but NUL and non-printing
    /// characters are refused as in names.
    func path(_ what: String) throws -> String {
        let value = try next(what)
        guard case .string(let path) = value else {
            throw error("expected \(what), got \(value.typeName)", at: index - 1)
        }
        if let problem = ArgumentCursor.nameProblem(path.replacingOccurrences(of: "/", with: "")) {
            throw CommandError(
                "\(call.name): invalid path \(value.literalDescription): \(problem)", code: "EINVAL",
                argument: index - 1)
        }
        return path
    }

    static func nameProblem(_ name: String) -> String? {
        // Printable ASCII without '/' (nearly every name) needs no closer look.
        if name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "/") }) { return nil }
        if name.utf8.contains(UInt8(ascii: "/")) { return "a name may not contain '/'" }
        if name.unicodeScalars.contains(where: { $0.value == 0 }) { return "a name may not contain a NUL byte" }
        let unprintable = name.unicodeScalars.contains {
            $0.value < 0x20 || (0x7f...0x9f).contains($0.value) || $0.properties.generalCategory == .format
        }
        return unprintable ? "a name may not contain non-printing characters" : nil
    }

    func int(_ what: String) throws -> Int {
        switch try next(what) {
        case .int(let i): return i
        case .string(let s) where Int(s) != nil: return Int(s) ?? 0
        case let other: throw error("expected \(what), got \(other.typeName)", at: index - 1)
        }
    }

    func mac(_ what: String) throws -> MACAddress {
        switch try next(what) {
        case .mac(let m): return m
        case .string(let s) where MACAddress(s) != nil: return MACAddress(s) ?? MACAddress(truncating: 0)
        case let other: throw error("expected \(what), got \(other.typeName)", at: index - 1)
        }
    }

    func address(_ what: String) throws -> IPAddress {
        switch try next(what) {
        case .address(let a): return a
        case .prefix(let p) where p.length == p.address.bitWidth: return p.address
        case let other: throw error("expected \(what), got \(other.typeName)", at: index - 1)
        }
    }

    /// A prefix; a bare address counts as a host prefix (/32 or /128), as ip reads it.
    func prefix(_ what: String) throws -> IPPrefix {
        switch try next(what) {
        case .prefix(let p): return p
        case .address(let a): return .host(a)
        case let other:
            throw error("expected \(what) (a prefix such as 10.0.0.1/24), got \(other.typeName)", at: index - 1)
        }
    }

    /// Fails if arguments are left over.
    func finish() throws {
        if !atEnd { throw error("unexpected argument '\(call.arguments[index])'", at: index) }
    }

    /// The command as it was given, for error messages (`link add A1`).
    func summary(words: Int? = nil) -> String {
        let shown = words.map { Array(call.arguments.prefix($0)) } ?? call.arguments
        return ([call.name] + shown.map(\.description)).joined(separator: " ")
    }
}
