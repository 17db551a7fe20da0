import XCTest

final class NetlinkPlaceholder: XCTestCase {}
