/// The trivial splitter: the whole text is one piece.
struct WholeText: PieceSplitter {
    /// For `subtok info`.
    var scannerName: String { "whole text, one piece" }

    /// Appends `end` when the text is not empty.
    func splitPieces(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into ends: inout [Int]) {
        if end > start { ends.append(end) }
    }
}
