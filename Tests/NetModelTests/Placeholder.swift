import XCTest

final class NetModelPlaceholder: XCTestCase {}
