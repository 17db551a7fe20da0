import Foundation

/// The REPL's one seam to the terminal: read a line with a prompt, remember it, close. GNU
/// readline implements it on a terminal; plain standard input otherwise (as Lua's lua.c does).
protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input.
    func read(prompt: String) -> String?
    /// Adds a line to the history.
    func remember(_ line: String)
    /// Whether Ctrl-C cancelled the input since the last read (the pending lines are dropped).
    func takeInterrupt() -> Bool
    func close()
}

/// Lines from standard input, without prompts: `echo 'bridge br0' | dnsh`.
final class PlainLineReader: LineReader {
    func read(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    func remember(_ line: String) {}
    func takeInterrupt() -> Bool { false }
    func close() {}
}
