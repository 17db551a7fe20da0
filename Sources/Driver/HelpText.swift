/// The text of `--help` for dnsh and each of its commands.
enum HelpText {
    static let version = "dnsh 0.1.0"

    static let main = """
        dnsh - a scripting language for wiring Linux container networks

        Usage: dnsh COMMAND [OPTIONS] FILE

        Commands:
          run FILE      run a script on the simulated kernel (dnsh FILE does the same)
          plan FILE     what apply would change on this host (root, or --from STATE)
          apply FILE    make the host match the script, as one transaction (root)
          destroy FILE  remove what the script creates (apply --undo)
          state         print the live host's state (root)
          check FILE    parse and check a script without running it
          test [PATH]   run script tests (*_test.dn, tests/*.dn) on fresh simulated kernels
          graph FILE    the topology a script builds, as Graphviz DOT, SVG or PNG
          repl          the interactive REPL (dnsh alone does the same)
          help [CMD]    show this help, or a command's
          version       print the version (also --version)

        Exit codes:
          0  success
          1  internal error (a bug in dnsh)
          2  usage error (bad option, unreadable file, unknown parameter, no root for apply/state)
          3  script error before anything ran (syntax, bad literal, undefined name, import)
          4  runtime error (a failed command or operation; an apply rolled back)
          5  a failed assertion or expectation (assert, expect error)
          6  plan: changes are pending

        See 'dnsh COMMAND --help' and docs/language.md.

        """

    static let run = """
        Usage: dnsh run [OPTIONS] FILE

        Check FILE, then run it. Nothing runs if the check finds an error.

        Options:
          -p, --param NAME=VALUE  set a 'param' of the script (repeatable); VALUE is read as a
                                  literal (int, address, prefix, MAC, true/false) or else a string
          --container NAME[=PID]  a simulated container for 'container NAME' and 'netns pid PID'
                                  (repeatable; PIDs 10001, 10002, ... when not given)
          --from STATE            start the simulated kernel from a state file (dnsh state --json)
          --trace                 every 'reach' prints the hops it finds, there and back
          --converge              the rules of apply: a command whose effect already holds does
                                  nothing (with --from, a dry run of applying again)
          --real                  run on the live kernel statement by statement, with the
                                  kernel's rules and no rollback (root; what the conformance
                                  suite compares the simulated kernel with); see 'dnsh apply'
          --no-summary            do not print what changed on the simulated kernel
          --json                  print a JSON result on standard output; the script's own
                                  output goes to standard error
          --max-steps N           stop after N steps: statements, loop iterations, and one per
                                  4 elements of each string or list built (default 50000000)
          -h, --help              show this help

        """

    static let apply = """
        Usage: dnsh apply [OPTIONS] FILE
               dnsh destroy [OPTIONS] FILE     (the same as apply --undo)

        Make the host's network match what FILE builds, as one transaction (root). The script
        runs first on the simulated kernel seeded with the live state; nothing is sent if it
        fails. A command whose effect already holds does nothing (netns add of an existing
        namespace, link add of a device of the same kind, addr add of an address it has...), so
        applying again sends nothing and prints "0 changes". The difference is sent in batches;
        if a request fails, or SIGINT/SIGTERM arrives, everything done is undone and dnsh exits
        with 4. The result is checked against the plan. See docs/apply.md.

        Options:
          -p, --param NAME=VALUE  set a 'param' of the script (repeatable)
          --host NAME             apply the part in 'host NAME { }' (the other hosts of the
                                  site are simulated, so its checks still run)
          --undo                  remove what applies of the script made (namespaces, devices,
                                  addresses, routes; recorded in /run/dnsh), and nothing else
          --json                  print the changes, the requests and the host's final state as
                                  JSON on standard output; the script's output goes to stderr
          --no-summary            do not print what changed
          --max-steps N           stop after N steps: statements, loop iterations, and one per
                                  4 elements of each string or list built (default 50000000)
          -h, --help              show this help

        Exit codes: 0 applied (or nothing to do), 2 usage or not root, 3 script refused,
        4 failed (nothing changed, or rolled back).

        """

    static let plan = """
        Usage: dnsh plan [OPTIONS] FILE

        What 'dnsh apply FILE' would change on this host, without changing it: '+', '-' and '~'
        lines per namespace and a count, or "0 changes". Reads the live state (root), or
        plans against a state file with --from. See docs/apply.md.

        Options:
          -p, --param NAME=VALUE  set a 'param' of the script (repeatable)
          --from STATE            plan against a state file (dnsh state --json) instead of the
                                  host; no root needed
          --format text|ip        text (default) or a shell script of 'ip -batch' blocks, one
                                  per namespace, in the order the requests would go out
          --host NAME             plan the part in 'host NAME { }'
          --undo                  what 'dnsh apply --undo' would remove
          --container NAME[=PID]  a simulated container (with --from)
          --json                  the changes and requests as JSON on standard output
          -h, --help              show this help

        Exit codes: 0 nothing would change, 6 changes are pending, 2 usage or not root,
        3 script refused, 4 the script failed while planning.

        """

    static let state = """
        Usage: dnsh state [--json]

        Print the live host's network state: the namespace dnsh runs in and every named
        namespace, with links, addresses and routes. Needs root.

        Options:
          --json                  print the state format (docs/language.md) instead
          -h, --help              show this help

        """

    static let repl = """
        Usage: dnsh repl [--real]

        Read statements and run each as soon as it is complete, on the simulated kernel (or with
        --real, as root, on the live one, each statement applied as it is entered). Values of
        expressions are echoed; errors show a caret under the input and do not end the session.
        GNU readline edits lines, keeps a history in $DNSH_HISTORY, $XDG_STATE_HOME/dnsh/history
        or ~/.dnsh_history (1000 lines), and completes keywords, commands, their sub-words,
        variables, links and namespaces with Tab. An open {, ( or [ or a trailing \\ continues
        on the next line; Ctrl-C drops the current input; Ctrl-D leaves. Without a terminal the
        REPL reads statements from standard input (dnsh < script.dn, echo 'bridge br0' | dnsh).

        Meta-commands: :help :state :json :reset :load FILE :save FILE :quit

        Options:
          --real                  the live kernel instead of the simulated one (root)
          --from STATE            start the simulated kernel from a state file
          -h, --help              show this help

        """

    static let test = """
        Usage: dnsh test [OPTIONS] [PATH...]

        Run script tests, each against a fresh simulated kernel, and check them against their
        expectation comments (# expect: OUTPUT, # expect error: MESSAGE, # expect runtime error:
        MESSAGE, # expect exit: N, # param: NAME=VALUE) and assertions. A test is a file named
        *_test.dn or a .dn file in a folder named tests (not _*.dn, not in a lib folder); a PATH
        that is a file is a test. Prints a line per test and "N passed, N failed"; exit code 0
        when all pass, 5 when one fails.

        Options:
          -k PATTERN              only the tests whose path contains PATTERN
          -j, --jobs N            run N tests at a time (default 1)
          --junit FILE            write a JUnit XML report to FILE
          --container NAME[=PID]  simulated containers, as for run
          --from STATE            every test starts from this state file (dnsh state --json)
          -h, --help              show this help

        """

    static let graph = """
        Usage: dnsh graph [OPTIONS] FILE

        Run FILE on the simulated kernel and draw what it builds: namespaces as clusters,
        bridges and devices as boxes labelled with their addresses, veth pairs and bridge ports
        as edges. Prints Graphviz DOT; --format svg|png|pdf renders it with Graphviz's dot.

        Options:
          --format FORMAT         dot (default), svg, png or pdf
          -o, --output FILE       write to FILE instead of standard output
          -p, --param NAME=VALUE  set a parameter
          --container NAME[=PID]  a simulated container
          --from STATE            start from a state file
          -h, --help              show this help

        """

    static let check = """
        Usage: dnsh check [OPTIONS] FILE

        Parse FILE and the files it imports, and check names, argument counts and the placement
        of statements; then look for mistakes without touching the host: interface names over
        15 bytes, arguments of the wrong kind, parameters nobody uses, and (from a dry run on a
        simulated kernel) the same address twice in one layer-2 domain, addresses outside their
        bridge's subnet, gateways outside every prefix of their interface. Each finding is a
        located error or warning. Exit code 0 when there are no errors, 3 otherwise.

        Options:
          -p, --param NAME=VALUE  set a parameter for the dry run
          --container NAME[=PID]  a simulated container for the dry run
          --from STATE            the dry run starts from this state file
          --werror                warnings fail the check too
          --json                  print the diagnostics as JSON on standard output
          -h, --help              show this help

        """

    static func text(for command: Options.Command?) -> String {
        switch command {
        case .run: return run
        case .check: return check
        case .apply, .destroy: return apply
        case .plan: return plan
        case .repl: return repl
        case .test: return test
        case .graph: return graph
        case .state: return state
        default: return main
        }
    }
}
