import Interpreter

/// Tab completion for the REPL: keywords and commands at the start of a statement, the
/// sub-words a command takes next (`link set eth0 ` offers `up down master netns name address
/// mtu`), `$variables`, and the names of links and namespaces that exist in the backend.
struct Completer {
    var commands: [String]
    var variables: [String]
    var links: [String]
    var namespaces: [String]

    static let keywords = [
        "let", "if", "else", "for", "in", "while", "break", "continue", "def", "return", "import", "param",
        "assert", "expect", "error", "and", "or", "not", "true", "false", "none",
    ]
    static let metaCommands = [":help", ":state", ":json", ":reset", ":load", ":save", ":quit"]
    static let linkSettings = ["up", "down", "master", "nomaster", "netns", "name", "address", "mtu"]

    /// The candidates for the word being typed, given the text of the line before it.
    func candidates(before: String, word: String) -> [String] {
        let words = before.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == ";" }).map(String.init)
        let pool: [String]
        if word.hasPrefix("$") {
            pool = variables.map { "$" + $0 }
        } else if word.hasPrefix(":") && words.isEmpty {
            pool = Completer.metaCommands
        } else if words.isEmpty || before.hasSuffix("{ ") || before.hasSuffix("; ") {
            pool = Completer.keywords + commands
        } else {
            pool = next(after: words)
        }
        return Array(Set(pool.filter { $0.hasPrefix(word) })).sorted()
    }

    /// What may follow these words.
    func next(after words: [String]) -> [String] {
        guard let last = words.last else { return [] }
        switch last {
        case "master": return links
        case "netns", "in": return namespaces
        case "dev",
            "link" where words.count > 1:
            return links
        case "type": return ["veth", "bridge", "macvlan", "vxlan"]
        case "peer": return ["name", "netns"]
        case "mode": return ["private", "vepa", "bridge", "passthru", "source"]
        default: break
        }
        return subwords(words)
    }

    func subwords(_ words: [String]) -> [String] {
        let command = words[0]
        let rest = Array(words.dropFirst())
        switch (command, rest.count) {
        case ("link", 0): return ["add", "set", "del", "show"]
        case ("link", 1) where ["set", "del", "show"].contains(rest[0]): return links + ["dev"]
        case ("link", _) where rest[0] == "set": return Completer.linkSettings
        case ("link", _) where rest[0] == "add": return ["type", "address", "mtu", "link", "peer", "name"]
        case ("addr", 0), ("address", 0): return ["add", "del", "flush", "show"]
        case ("addr", _), ("address", _): return ["dev"]
        case ("route", 0): return ["add", "del", "replace", "show"]
        case ("route", 1): return ["default"]
        case ("route", _): return ["via", "dev", "metric"]
        case ("netns", 0): return ["add", "del", "list", "pid", "path"]
        case ("netns", 1) where rest[0] == "del": return namespaces
        case ("exists", 0): return ["link", "netns", "addr", "route"]
        case ("exists", 1) where rest[0] == "netns": return namespaces
        case ("exists", 1) where rest[0] == "link": return links
        default: return links + namespaces
        }
    }
}
