import NetTypes

/// A route in a namespace's main table.
public struct RouteState: Hashable, Sendable {
    /// nil for the default route.
    public var destination: IPPrefix?
    public var family: Int
    public var gateway: IPAddress?
    public var device: String
    public var metric: Int
    /// `kernel` for connected routes, `boot` for those added as `ip route add` adds them.
    public var proto: String
    /// `link` for routes without a gateway, `universe` for routes through one.
    public var scope: String
    public var preferredSource: IPAddress?

    public init(
        destination: IPPrefix?, family: Int, gateway: IPAddress?, device: String, metric: Int, proto: String,
        scope: String, preferredSource: IPAddress? = nil
    ) {
        self.destination = destination
        self.family = family
        self.gateway = gateway
        self.device = device
        self.metric = metric
        self.proto = proto
        self.scope = scope
        self.preferredSource = preferredSource
    }

    /// `default` or the prefix.
    public var destinationText: String { destination.map(\.description) ?? "default" }
}

/// A whole host's state: every namespace with its links and routes.
public struct NetworkState: Sendable, Equatable {
    public struct Namespace: Sendable, Equatable {
        /// nil for the namespace dnsh was started in.
        public var name: String?
        public var links: [LinkState]
        public var routes: [RouteState]
        /// The sysctls dnsh knows (`net.ipv4.ip_forward`, `net.ipv6.conf.all.forwarding`), where read.
        public var sysctls: [String: String]

        public init(name: String?, links: [LinkState], routes: [RouteState], sysctls: [String: String] = [:]) {
            self.name = name
            self.links = links
            self.routes = routes
            self.sysctls = sysctls
        }
    }

    public var namespaces: [Namespace]

    public init(namespaces: [Namespace]) { self.namespaces = namespaces }
}
