/// Values kept until the process exits instead of being freed one object at a time.
enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ values: Any...) { kept += values }
}
