import Driver
import Foundation

// A reader that goes away (dnsh run x.dn | head) ends the output, not the process with a signal.
signal(SIGPIPE, SIG_IGN)
exit(Dnsh.main(Array(CommandLine.arguments.dropFirst()), console: .standard()))
