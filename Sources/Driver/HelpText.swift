/// The text of `--help` for dnsh and each of its commands.
enum HelpText {
    static let version = "dnsh 0.1.0"

    static let main = """
        dnsh - a scripting language for wiring Linux container networks

        Usage: dnsh COMMAND [OPTIONS] FILE

        Commands:
          run FILE      run a script (dnsh FILE does the same)
          check FILE    parse and check a script without running it
          help [CMD]    show this help, or a command's
          version       print the version (also --version)

        Exit codes:
          0  success
          1  internal error (a bug in dnsh)
          2  usage error (bad option, unreadable file, unknown parameter)
          3  script error before anything ran (syntax, bad literal, undefined name, import)
          4  runtime error (a failed command or operation)
          5  a failed assertion or expectation (assert, expect error)

        See 'dnsh COMMAND --help' and docs/language.md.

        """

    static let run = """
        Usage: dnsh run [OPTIONS] FILE

        Check FILE, then run it. Nothing runs if the check finds an error.

        Options:
          -p, --param NAME=VALUE  set a 'param' of the script (repeatable); VALUE is read as a
                                  literal (int, address, prefix, MAC, true/false) or else a string
          --json                  print a JSON result on standard output; the script's own
                                  output goes to standard error
          --max-steps N           stop after N statements (default 50000000)
          -h, --help              show this help

        """

    static let check = """
        Usage: dnsh check [OPTIONS] FILE

        Parse FILE and the files it imports, and check names, argument counts and the placement
        of statements, without running anything. Exit code 0 when clean, 3 on errors.

        Options:
          -p, --param NAME=VALUE  check that the script declares the parameter
          --json                  print the diagnostics as JSON on standard output
          -h, --help              show this help

        """

    static func text(for command: Options.Command?) -> String {
        switch command {
        case .run: return run
        case .check: return check
        default: return main
        }
    }
}
