import CReadline
import Foundation
import Glibc

/// Lines through GNU readline: editing, a history kept in a file (at most 1000 lines), Tab
/// completion from a `Completer`, and Ctrl-C that drops the current input without leaving.
final class ReadlineReader: LineReader {
    static let historyLimit: Int32 = 1000

    let historyPath: String
    /// Builds the completer for the line being typed; called on every Tab.
    let completer: () -> Completer

    init(historyPath: String, completer: @escaping () -> Completer) {
        self.historyPath = historyPath
        self.completer = completer
        ReadlineState.completer = completer
        dnsh_rl_setup(ReadlineReader.complete, strdup("dnsh"), strdup(" \t\n\"'(){}[],;="))
        signal(SIGINT, ReadlineReader.interrupt)
        stifle_history(ReadlineReader.historyLimit)
        _ = read_history(historyPath)
    }

    func read(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(line)
    }

    func takeInterrupt() -> Bool {
        defer { ReadlineState.interrupted = false }
        return ReadlineState.interrupted
    }

    func close() {
        try? FileManager.default.createDirectory(
            atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = write_history(historyPath)
        _ = history_truncate_file(historyPath, ReadlineReader.historyLimit)
        signal(SIGINT, SIG_DFL)
    }

    /// Ctrl-C: a fresh, empty line at the primary prompt; the REPL drops what was pending.
    static let interrupt: @convention(c) (Int32) -> Void = { _ in
        ReadlineState.interrupted = true
        rl_crlf()
        rl_on_new_line()
        rl_replace_line("", 0)
        rl_set_prompt(ReadlineState.primaryPrompt)
        rl_redisplay()
    }

    static let complete:
        @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<
            UnsafeMutablePointer<CChar>?
        >? = { text, start, _ in
            dnsh_rl_completion_over()
            let word = text.map { String(cString: $0) } ?? ""
            let line = dnsh_rl_line_buffer().map { String(cString: $0) } ?? ""
            let before = String(line.utf8.prefix(Int(start))) ?? ""
            ReadlineState.matches = ReadlineState.completer?().candidates(before: before, word: word) ?? []
            return rl_completion_matches(text, ReadlineReader.generate)
        }

    static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { ReadlineState.index = 0 }
        guard ReadlineState.index < ReadlineState.matches.count else { return nil }
        defer { ReadlineState.index += 1 }
        return strdup(ReadlineState.matches[ReadlineState.index])
    }
}

/// What readline's C callbacks need; readline runs on one thread, so this is never shared.
enum ReadlineState {
    nonisolated(unsafe) static var completer: (() -> Completer)?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var index = 0
    nonisolated(unsafe) static var interrupted = false
    nonisolated(unsafe) static var primaryPrompt = "dnsh> "
}
