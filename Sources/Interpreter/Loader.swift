import Foundation
import Lexer

/// Reads a script and, recursively, the scripts it imports (paths relative to the importing
/// file). Each file is parsed once; an import cycle is an error at the import that closes it.
public final class Loader {
    /// Scripts larger than this are refused before they are scanned.
    public static let maxFileSize = 16 << 20

    public struct FileError: Error, Sendable {
        public var message: String
    }

    public private(set) var diagnostics: [Diagnostic] = []
    /// Every loaded file, main first, each once.
    public private(set) var programs: [Program] = []
    /// The program that each `import` statement refers to, by the statement's range.
    public private(set) var imports: [SourceRange: Program] = [:]
    private var byPath: [String: Program] = [:]
    private var loading: [String] = []

    public init() {}

    /// Loads the main script; a file that cannot be read is a `FileError`.
    public func loadMain(path: String) throws -> Program {
        let canonical = Loader.canonicalPath(path)
        let bytes = try Loader.read(path)
        return load(SourceFile(path: path, bytes: bytes), canonical: canonical)
    }

    /// Loads a script given as text (the REPL, tests); its imports resolve against `directory`.
    public func load(_ file: SourceFile) -> Program {
        load(file, canonical: Loader.canonicalPath(file.path))
    }

    private func load(_ file: SourceFile, canonical: String) -> Program {
        loading.append(canonical)
        defer { loading.removeLast() }
        let (program, found) = Parser.parse(file)
        diagnostics += found
        byPath[canonical] = program
        programs.append(program)
        for stmt in program.statements {
            if case .import(let path) = stmt.kind { resolveImport(path, stmt.range, from: file) }
        }
        return program
    }

    private func resolveImport(_ path: String, _ range: SourceRange, from file: SourceFile) {
        let directory = (file.path as NSString).deletingLastPathComponent
        let joined = path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
        let canonical = Loader.canonicalPath(joined)
        if let index = loading.firstIndex(of: canonical) {
            let chain = (loading[index...] + [canonical]).map { ($0 as NSString).lastPathComponent }
            diagnostics.append(.error("import cycle: " + chain.joined(separator: " -> "), at: range))
            return
        }
        if let program = byPath[canonical] {
            imports[range] = program
            return
        }
        do {
            let bytes = try Loader.read(joined)
            imports[range] = load(SourceFile(path: joined, bytes: bytes), canonical: canonical)
        } catch let error as FileError {
            diagnostics.append(.error("cannot import '\(path)': \(error.message)", at: range))
        } catch {
            diagnostics.append(.error("cannot import '\(path)': \(error)", at: range))
        }
    }

    /// Reads a whole file, refusing directories and files over the size limit.
    public static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(message: "No such file or directory")
        }
        if isDirectory.boolValue { throw FileError(message: "Is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FileError(message: "Permission denied") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxFileSize + 1)) ?? Data()
        guard data.count <= maxFileSize else {
            throw FileError(message: "file is larger than the limit of \(maxFileSize >> 20) MiB")
        }
        return [UInt8](data)
    }

    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
