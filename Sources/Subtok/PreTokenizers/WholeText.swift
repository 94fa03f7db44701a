/// The trivial splitter: the whole text is one piece.
struct WholeText: PieceSplitter {
    /// For `subtok info`.
    var scannerName: String { "whole text, one piece" }

    /// Appends `end` when the text is not empty.
    func splitPieces(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: inout [Int]) {
        if end > start { ends.append(end) }
    }

    /// Writes `end` when the text is not empty; returns how many ends it wrote.
    func splitPieces(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: UnsafeMutablePointer<Int>, capacity: Int
    ) -> Int {
        guard end > start else { return 0 }
        ends[0] = end
        return 1
    }
}
