import NetTypes

/// A runtime value of the language.
public enum Value: Hashable, Sendable {
    case none
    case int(Int)
    case string(String)
    case bool(Bool)
    case list([Value])
    case map(OrderedMap)
    case address(IPAddress)
    case prefix(IPPrefix)
    case mac(MACAddress)
    case range(RangeValue)
    /// An object that a command returned (a namespace, a link); opaque to the language.
    case handle(Handle)

    /// The type's name as `type` returns it and as error messages say it.
    public var typeName: String {
        switch self {
        case .none: return "none"
        case .int: return "int"
        case .string: return "string"
        case .bool: return "bool"
        case .list: return "list"
        case .map: return "map"
        case .address(let a): return a.family == 4 ? "ipv4" : "ipv6"
        case .prefix: return "prefix"
        case .mac: return "mac"
        case .range: return "range"
        case .handle(let h): return h.kind
        }
    }
}

/// An object handed out by a command, such as a namespace or a link.
public struct Handle: Hashable, Sendable {
    /// What it is, e.g. "netns" or "link".
    public var kind: String
    /// How it is printed and how commands that take a name see it.
    public var name: String
    /// Anything the command set needs to find the object again.
    public var payload: [String: String]

    public init(kind: String, name: String, payload: [String: String] = [:]) {
        self.kind = kind
        self.name = name
        self.payload = payload
    }
}

/// A map that keeps its keys in insertion order.
public struct OrderedMap: Hashable, Sendable {
    public private(set) var keys: [Value] = []
    private var storage: [Value: Value] = [:]

    public init() {}

    public init(_ pairs: [(Value, Value)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public subscript(key: Value) -> Value? {
        get { storage[key] }
        set {
            if storage[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil, storage[key] != nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
        }
    }

    public var count: Int { keys.count }
    public var values: [Value] { keys.compactMap { storage[$0] } }
}
