import XCTest

final class DriverTestsPlaceholder: XCTestCase {}
