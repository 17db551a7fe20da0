/// The check after an apply: the live state of the namespaces a plan touched, against the end
/// state the plan expected. Values the kernel picks (ifindexes, MACs nobody set, operstates) are
/// not compared.
public enum Verification {
    /// `settings`: the sysctls the plan sets, each checked (a new namespace's others follow the
    /// host's own defaults, which a simulation cannot know: IPv4's are copied from the host's
    /// first namespace).
    public static func mismatches(
        expected: NetworkState, actual: NetworkState, namespaces: [String?],
        settings: [(namespace: String?, key: String, value: String)] = []
    ) -> [String] {
        var lines: [String] = []
        let wanted = Dictionary(expected.namespaces.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let found = Dictionary(actual.namespaces.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in namespaces {
            let want = wanted[name]
            let have = found[name]
            let label = name ?? "initial namespace"
            switch (want, have) {
            case (nil, nil): continue
            case (nil, _): lines.append("\(label): the namespace should be gone")
            case (_, nil): lines.append("\(label): the namespace is missing")
            case (let want?, let have?): lines += compare(want, have, label)
            }
        }
        for (name, key, value) in settings {
            let have = found[name]?.sysctls[key]
            if let have, have != value {
                lines.append("\(name ?? "initial namespace"): \(key) is \(have), expected \(value)")
            }
        }
        return lines
    }

    static func compare(_ want: NetworkState.Namespace, _ have: NetworkState.Namespace, _ label: String) -> [String] {
        var lines: [String] = []
        let found = Dictionary(have.links.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for link in want.links {
            guard let live = found[link.name] else {
                lines.append("\(label): link \(link.name) is missing")
                continue
            }
            lines += differences(link, live).map { "\(label): link \(link.name): \($0)" }
        }
        let expectedNames = Set(want.links.map(\.name))
        for link in have.links where !expectedNames.contains(link.name) {
            lines.append("\(label): link \(link.name) should not be there")
        }
        let wantRoutes = Set(want.routes.filter { $0.proto != "kernel" }.map(StateDiff.describe))
        let haveRoutes = Set(have.routes.filter { $0.proto != "kernel" }.map(StateDiff.describe))
        lines += wantRoutes.subtracting(haveRoutes).sorted().map { "\(label): route \($0) is missing" }
        lines += haveRoutes.subtracting(wantRoutes).sorted().map { "\(label): route \($0) should not be there" }
        return lines
    }

    static func differences(_ want: LinkState, _ have: LinkState) -> [String] {
        var lines: [String] = []
        func check<T: Equatable>(_ what: String, _ a: T, _ b: T) {
            if a != b { lines.append("expected \(what) \(a), found \(b)") }
        }
        check("kind", want.kind.rawValue, have.kind.rawValue)
        check("up", want.isUp, have.isUp)
        check("mtu", want.mtu, have.mtu)
        check("master", want.master ?? "none", have.master ?? "none")
        if let peer = want.peer {
            check(
                "peer", "\(peer.name) in \(peer.namespace ?? "the initial namespace")",
                have.peer.map { "\($0.name) in \($0.namespace ?? "the initial namespace")" } ?? "none")
        }
        if want.addressAssignment == "set" { check("address", want.address, have.address) }
        check(
            "addresses", want.addresses.map(\.prefix.description).sorted().joined(separator: " "),
            have.addresses.map(\.prefix.description).sorted().joined(separator: " "))
        return lines
    }
}
