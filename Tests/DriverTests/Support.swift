import Driver

/// Runs `dnsh` in-process with a console that captures both streams.
func runDnsh(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
    var out = ""
    var err = ""
    let console = Console(out: { out += $0 }, err: { err += $0 }, colored: false)
    return (Dnsh.main(arguments, console: console), out, err)
}
