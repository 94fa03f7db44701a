import Testing

@testable import Subtok

@Suite struct ByteStringTableTests {
    @Test func storesAndFindsKeysThroughGrowth() {
        var table = ByteStringTable(capacity: 2)
        let keys = (0..<5000).map { Array("key-\($0)-\(String(repeating: "x", count: $0 % 40))".utf8) }
        for (k, key) in keys.enumerated() {
            let inserted = table.insert(key, value: UInt32(k))
            #expect(inserted)
        }
        #expect(table.count == 5000)
        for (k, key) in keys.enumerated() { #expect(table.lookup(key) == UInt32(k)) }
        #expect(table.lookup(Array("key-5000-".utf8)) == nil)
        #expect(table.lookup([UInt8]()) == nil)
    }

    @Test func refusesDuplicatesAndStoresTheEmptyKey() {
        var table = ByteStringTable()
        let first = table.insert(Array("a".utf8), value: 1)
        let second = table.insert(Array("a".utf8), value: 2)
        #expect(first && !second)
        #expect(table.lookup(Array("a".utf8)) == 1)
        let empty = table.insert([], value: 7)
        #expect(empty)
        #expect(table.lookup([UInt8]()) == 7)
    }
}
