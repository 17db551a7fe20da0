import Driver
import Foundation

exit(Dnsh.main(Array(CommandLine.arguments.dropFirst()), console: .standard()))
