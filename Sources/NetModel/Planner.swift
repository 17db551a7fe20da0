import NetTypes

/// Works out the kernel requests that turn a live state into the end state a script reached on
/// the simulated kernel seeded with it. Devices are matched by where the simulated kernel
/// restored them from (so renames and moves are changes, not new devices); new devices are
/// created in their final form: a veth with its other end already in its namespace, under its
/// final name, with its MTU and MAC, at ifindexes the plan chooses (the next free ones of each
/// namespace, in order, as the kernel would hand them out), so later requests can name them by
/// index without asking the kernel, and the kernel's next own choice is what a simulation of the
/// result expects.
///
/// The requests come in phases: add namespaces; remove routes, addresses, devices; change
/// devices (move, rename, MTU, MAC, leave a bridge, down); create devices; join bridges and go
/// up; add addresses; add routes; remove namespaces.
public struct Planner {
    enum Phase: Int, CaseIterable {
        case addNamespaces, deleteRoutes, deleteAddresses, deleteLinks, changeLinks, createLinks, createChildLinks
        case raiseLinks, addAddresses, addRoutes, deleteNamespaces
    }

    let live: NetworkState
    let end: SimulatedKernel
    let namespaceTags: [String: Int]
    let endDevices: [(SimulatedKernel.Namespace, SimulatedKernel.Device)]
    /// New devices planned for creation so far (by serial), in the order they will be made.
    var creating: Set<Int> = []
    /// The index each new device gets, by namespace id and the simulation's index.
    var chosenIndex: [Int: [Int: Int]] = [:]
    var liveLinks: [LinkOrigin: LinkState] = [:]
    var liveNamespaces: [String?: NetworkState.Namespace] = [:]
    var liveByName: [String?: [String: LinkState]] = [:]
    var phases: [Phase: [PlannedOperation]] = [:]
    var changes: [PlanChange] = []

    init(live: NetworkState, end: SimulatedKernel, namespaceTags: [String: Int]) {
        self.live = live
        self.end = end
        self.namespaceTags = namespaceTags
        endDevices = Planner.devices(of: end)
        for ns in live.namespaces {
            liveNamespaces[ns.name] = ns
            liveByName[ns.name] = Dictionary(ns.links.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for link in ns.links { liveLinks[LinkOrigin(namespace: ns.name, ifindex: link.ifindex)] = link }
        }
        chooseIndexes()
    }

    /// The plan from `live` to the state of `end`, a simulated kernel restored from `live` on
    /// which a script ran; `namespaceTags` are the statements that added and removed namespaces.
    public static func plan(from live: NetworkState, to end: SimulatedKernel, namespaceTags: [String: Int] = [:])
        -> Plan
    {
        var planner = Planner(live: live, end: end, namespaceTags: namespaceTags)
        planner.planNamespaces()
        planner.planDevices()
        planner.planDeletedDevices()
        planner.planRoutes()
        planner.planSysctls()
        let operations = planner.ordered()
        var touched: [String?] = []
        for op in operations {
            let name: String?
            switch op.operation {
            case .addNamespace(let n), .deleteNamespace(let n): name = n
            default: name = op.operation.namespace?.stateName
            }
            if !touched.contains(name) { touched.append(name) }
        }
        // With nothing to do the end state is the live one (and nothing will be checked).
        return Plan(
            operations: operations, changes: planner.sortedChanges(),
            expected: operations.isEmpty ? live : end.snapshot(), touched: touched)
    }

    /// The phases in order; raising devices, adding addresses and adding routes depend only on
    /// their own namespace, so those three go namespace by namespace (one batch each).
    func ordered() -> [PlannedOperation] {
        let late: [Phase] = [.raiseLinks, .addAddresses, .addRoutes]
        let early = Phase.allCases.filter { $0.rawValue < Phase.raiseLinks.rawValue }.flatMap { phases[$0] ?? [] }
        var order: [NamespaceRef?] = []
        var groups: [NamespaceRef?: [PlannedOperation]] = [:]
        for op in late.flatMap({ phases[$0] ?? [] }) {
            let ns = op.operation.namespace
            if groups[ns] == nil { order.append(ns) }
            groups[ns, default: []].append(op)
        }
        return early + order.flatMap { groups[$0] ?? [] } + (phases[.deleteNamespaces] ?? [])
    }

    mutating func add(_ phase: Phase, _ operation: KernelOperation, _ statement: Int?, undo: [KernelOperation]) {
        phases[phase, default: []].append(PlannedOperation(operation, statement: statement, undo: undo))
    }

    func sortedChanges() -> [PlanChange] {
        let groups = Dictionary(grouping: changes, by: \.namespace)
        let order = [String?.none] + groups.keys.compactMap { $0 }.sorted()
        return order.flatMap { groups[$0] ?? [] }
    }

    // MARK: - Namespaces

    mutating func planNamespaces() {
        let before = Set(live.namespaces.compactMap(\.name))
        let after = end.namespaces.values.sorted { $0.id < $1.id }.compactMap { $0.name }
        for name in after where !before.contains(name) {
            add(.addNamespaces, .addNamespace(name), namespaceTags[name], undo: [.deleteNamespace(name)])
            changes.append(PlanChange(name, "+ netns \(name)"))
        }
        let remaining = Set(after)
        for name in before.sorted() where !remaining.contains(name) && !name.hasPrefix("pid:") {
            add(.deleteNamespaces, .deleteNamespace(name), namespaceTags[name], undo: [])
            changes.append(PlanChange(name, "- netns \(name)"))
        }
    }

    /// Forwarding switches the script set differently from the live state.
    mutating func planSysctls() {
        for ns in end.namespaces.values.sorted(by: { $0.id < $1.id }) {
            let name = end.displayName(ns)
            let live = liveNamespaces[name]?.sysctls ?? Sysctls.defaults
            for key in Sysctls.known {
                guard let value = ns.sysctls[key], let old = live[key] ?? Sysctls.defaults[key], value != old else {
                    continue
                }
                add(
                    .raiseLinks, .setSysctl(key, value, ref(ns)), ns.sysctlTags[key],
                    undo: [.setSysctl(key, old, ref(ns))])
                changes.append(PlanChange(name, "~ sysctl \(key) = \(value)"))
            }
        }
    }

    // MARK: - Devices in the end state

    /// Each device of the end state with its namespace, in namespace and index order.
    static func devices(of end: SimulatedKernel) -> [(SimulatedKernel.Namespace, SimulatedKernel.Device)] {
        end.namespaces.values.sorted { $0.id < $1.id }.flatMap { ns in
            ns.devices.keys.sorted().compactMap { index in ns.devices[index].map { (ns, $0) } }
        }
    }

    /// New devices take the indexes after the highest of their namespace, in the order the
    /// simulation made them (the simulation's own numbers can leave gaps where devices were
    /// made and moved away, which the kernel would fill later).
    mutating func chooseIndexes() {
        var next: [Int: Int] = [:]
        for ns in end.namespaces.values {
            next[ns.id] = liveNamespaces[end.displayName(ns)]?.links.map(\.ifindex).max() ?? 1
        }
        for (ns, device) in endDevices where device.origin != nil || device.kind == .loopback {
            next[ns.id] = max(next[ns.id] ?? 1, device.ifindex)
        }
        for (ns, device) in endDevices where device.origin == nil && device.kind != .loopback {
            // An index at the top of the range (a state file can say anything) leaves the
            // simulation's own number; the kernel would refuse either.
            let (index, overflow) = (next[ns.id] ?? 1).addingReportingOverflow(1)
            guard !overflow, index <= Int(Int32.max) else { continue }
            next[ns.id] = index
            chosenIndex[ns.id, default: [:]][device.ifindex] = index
        }
    }

    /// The index a device has on the host after the plan: the chosen one for a new device, the
    /// live one for a device that stays in its namespace (the simulation may have moved it out
    /// and back, as the rules of apply do with a veth's far end, and numbered it anew).
    func index(_ ns: SimulatedKernel.Namespace, _ simulated: Int) -> Int {
        if let chosen = chosenIndex[ns.id]?[simulated] { return chosen }
        if let origin = ns.devices[simulated]?.origin, origin.namespace == end.displayName(ns) {
            return origin.ifindex
        }
        return simulated
    }

    func index(_ ns: SimulatedKernel.Namespace, _ device: SimulatedKernel.Device) -> Int {
        index(ns, device.ifindex)
    }

    func ref(_ ns: SimulatedKernel.Namespace) -> NamespaceRef { end.ref(ns) }

    mutating func planDevices() {
        for (ns, device) in endDevices {
            if let origin = device.origin, let old = liveLinks[origin] {
                planChanged(device, in: ns, from: old, origin)
            } else if device.kind == .loopback {
                // A new namespace's loopback comes with it, down and without addresses.
                let fresh = LinkState(
                    ifindex: device.ifindex, name: device.name, kind: .loopback, flags: [], mtu: 65536,
                    operstate: "DOWN", address: device.mac, master: nil, peer: nil, parent: nil, macvlanMode: nil,
                    vxlan: nil, addresses: [])
                planChanged(device, in: ns, from: fresh, LinkOrigin(namespace: end.displayName(ns), ifindex: 1))
            } else {
                planCreated(device, in: ns)
            }
        }
    }

    func masterName(_ device: SimulatedKernel.Device, _ ns: SimulatedKernel.Namespace) -> String? {
        device.master.flatMap { ns.devices[$0]?.name }
    }

    /// A device that exists: move and rename it, set what the script set, then its addresses.
    mutating func planChanged(
        _ device: SimulatedKernel.Device, in ns: SimulatedKernel.Namespace, from old: LinkState, _ origin: LinkOrigin
    ) {
        let oldRef = NamespaceRef(stateName: origin.namespace)
        let newRef = ref(ns)
        let moved = oldRef != newRef
        var first: [LinkChange] = []
        var words: [String] = []
        if moved {
            first += [.namespace(newRef), .newIndex(index(ns, device))]
            words.append("netns \(newRef.stateName ?? "the initial namespace")")
        }
        if device.name != old.name {
            first.append(.name(device.name))
            words.append("name \(device.name)")
        }
        if device.mtuSetByUser && device.mtu != old.mtu {
            first.append(.mtu(device.mtu))
            words.append("mtu \(device.mtu)")
        }
        if device.macSetByUser && device.mac != old.address {
            first.append(.address(device.mac))
            words.append("address \(device.mac)")
        }
        let master = masterName(device, ns)
        if old.master != nil && master == nil && !moved {
            first.append(.noMaster)
            words.append("nomaster")
        }
        if old.isUp && !device.adminUp && !moved {
            first.append(.down)
            words.append("down")
        }
        let here = LinkTarget(device.name, index: index(ns, device))
        if !first.isEmpty {
            add(
                .changeLinks, .setLink(LinkTarget(old.name, index: old.ifindex), first, masterIndex: nil, oldRef),
                device.lastTag, undo: restore(old, origin, from: here, newRef, moved: moved, first))
        }
        var second: [LinkChange] = []
        if let master, master != old.master || moved {
            second.append(.master(master))
            words.append("master \(master)")
        }
        if device.adminUp && (!old.isUp || moved) {
            second.append(.up)
            words.append("up")
        }
        if !second.isEmpty {
            var undo: [LinkChange] = second.contains(.up) ? [.down] : []
            if second.contains(where: { if case .master = $0 { true } else { false } }) {
                undo.append(old.master.map { .master($0) } ?? .noMaster)
            }
            add(
                .raiseLinks, .setLink(here, second, masterIndex: device.master.map { index(ns, $0) }, newRef),
                device.lastTag,
                undo: [.setLink(here, undo, masterIndex: nil, newRef)])
        }
        if !words.isEmpty {
            changes.append(PlanChange(origin.namespace, "~ link \(old.name): \(words.joined(separator: ", "))"))
        }
        planAddresses(device, in: ns, before: moved ? [] : old.addresses.map(\.prefix), old: old, oldRef: oldRef)
    }

    /// Addresses the device lacks are added (after the devices are up); those it no longer has
    /// are removed (before anything else changes it).
    mutating func planAddresses(
        _ device: SimulatedKernel.Device, in ns: SimulatedKernel.Namespace, before: [IPPrefix], old: LinkState?,
        oldRef: NamespaceRef
    ) {
        let name = end.displayName(ns)
        let here = LinkTarget(device.name, index: index(ns, device))
        let after = device.addresses.map(\.prefix)
        for prefix in after where !before.contains(prefix) && !isDefaultLoopback(prefix, device) {
            let undo: [KernelOperation] = old == nil ? [] : [.deleteAddress(prefix, here, ref(ns))]
            add(
                .addAddresses, .addAddress(prefix, here, ref(ns)), device.addressTags[prefix] ?? device.lastTag,
                undo: undo)
            changes.append(PlanChange(name, "+ addr \(prefix) dev \(device.name)"))
        }
        guard let old else { return }
        let there = LinkTarget(old.name, index: old.ifindex)
        for prefix in before where !after.contains(prefix) {
            add(
                .deleteAddresses, .deleteAddress(prefix, there, oldRef), device.lastTag,
                undo: [.addAddress(prefix, there, oldRef)] + routeRestores(old, oldRef))
            changes.append(PlanChange(oldRef.stateName, "- addr \(prefix) dev \(old.name)"))
        }
    }

    /// `lo`'s 127.0.0.1/8 and ::1/128 come with bringing it up.
    func isDefaultLoopback(_ prefix: IPPrefix, _ device: SimulatedKernel.Device) -> Bool {
        device.kind == .loopback && (prefix.description == "127.0.0.1/8" || prefix.description == "::1/128")
    }

    /// A device the script creates, in its final form; a veth's far end comes with it.
    mutating func planCreated(_ device: SimulatedKernel.Device, in ns: SimulatedKernel.Namespace) {
        let peer = device.peer.flatMap { ref in end.device(ref).map { (end.namespaces[ref.namespace], $0) } }
        if device.kind == .veth, device.isPeerEnd, peer?.1.isPeerEnd == false {
            describeCreated(device, in: ns)
            planRaised(device, in: ns)
            return
        }
        var spec = LinkSpec(name: device.name, kind: device.kind)
        spec.index = index(ns, device)
        // A device that joins a bridge is created in it, when the bridge exists by then (it was
        // there before, or is created earlier in the plan).
        let bridge = device.master.flatMap { ns.devices[$0] }
        let joinsAtCreation = bridge.map { $0.origin != nil || creating.contains($0.serial) } ?? false
        if joinsAtCreation, let bridge {
            spec.master = bridge.name
            spec.masterIndex = index(ns, bridge)
        }
        if device.kind != .macvlan && device.kind != .vxlan { creating.insert(device.serial) }
        spec.mtu = device.mtuSetByUser ? device.mtu : nil
        spec.address = device.macSetByUser ? device.mac : nil
        if let (peerNS, peerDevice) = peer, device.kind == .veth, let peerNS {
            spec.peerName = peerDevice.name
            spec.peerNamespace = peerNS === ns ? nil : ref(peerNS)
            spec.peerIndex = index(peerNS, peerDevice)
            spec.peerMTU = peerDevice.mtuSetByUser ? peerDevice.mtu : nil
            spec.peerAddress = peerDevice.macSetByUser ? peerDevice.mac : nil
        }
        if device.kind == .macvlan, let parent = device.parent.flatMap({ end.device($0) }) {
            spec.parent = parent.name
            spec.parentIndex = index(ns, parent)
            spec.macvlanMode = device.macvlanMode
        }
        if device.kind == .vxlan {
            spec.vxlan = device.vxlan
            spec.parentIndex = device.vxlan?.device.flatMap { ns.byName[$0] }.map { index(ns, $0) }
        }
        let target = LinkTarget(device.name, index: index(ns, device))
        // Devices with a parent come after the others, which may be their parents.
        let hasParent = device.kind == .macvlan || device.kind == .vxlan
        add(
            hasParent ? .createChildLinks : .createLinks, .addLink(spec, ref(ns)), device.createdTag,
            undo: [.deleteLink(target, ref(ns))])
        describeCreated(device, in: ns)
        planRaised(device, in: ns, joined: joinsAtCreation)
    }

    /// A new device's bridge (unless it joined it when created) and up state, then its addresses.
    mutating func planRaised(_ device: SimulatedKernel.Device, in ns: SimulatedKernel.Namespace, joined: Bool = false) {
        var changes: [LinkChange] = []
        if !joined, let master = masterName(device, ns) { changes.append(.master(master)) }
        if device.adminUp { changes.append(.up) }
        let here = LinkTarget(device.name, index: index(ns, device))
        if !changes.isEmpty {
            add(
                .raiseLinks, .setLink(here, changes, masterIndex: device.master.map { index(ns, $0) }, ref(ns)),
                device.lastTag, undo: [])
        }
        planAddresses(device, in: ns, before: [], old: nil, oldRef: ref(ns))
    }

    mutating func describeCreated(_ device: SimulatedKernel.Device, in ns: SimulatedKernel.Namespace) {
        var words: [String] = []
        if let peerRef = device.peer, let peer = end.device(peerRef), let peerNS = end.namespaces[peerRef.namespace] {
            words.append("peer \(peer.name)" + (peerNS === ns ? "" : " in \(ref(peerNS))"))
        }
        if let master = masterName(device, ns) { words.append("master \(master)") }
        if device.mtuSetByUser { words.append("mtu \(device.mtu)") }
        if device.macSetByUser { words.append("address \(device.mac)") }
        if device.adminUp { words.append("up") }
        let tail = words.isEmpty ? "" : ": " + words.joined(separator: ", ")
        changes.append(PlanChange(end.displayName(ns), "+ link \(device.name) (\(device.kind.rawValue))\(tail)"))
    }
}
