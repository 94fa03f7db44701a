/// Where `Tokenizer.encodeColumns` writes a full encoding: one array per field, in caller
/// memory, `count` entries each (two for offsets). The fields mean what `Encoding`'s do.
public struct EncodingColumns {
    /// Token ids.
    public let ids: UnsafeMutablePointer<UInt32>
    /// Type ids.
    public let typeIDs: UnsafeMutablePointer<UInt32>
    /// Attention mask.
    public let attentionMask: UnsafeMutablePointer<UInt32>
    /// Special-tokens mask.
    public let specialTokensMask: UnsafeMutablePointer<UInt32>
    /// Byte offsets into the input, start and end of each token one after another.
    public let offsets: UnsafeMutablePointer<Int>
    /// The sequence of each token: 0, or -1 for a special token the post-processor added.
    public let sequenceIDs: UnsafeMutablePointer<Int32>

    /// Columns at the given places.
    public init(
        ids: UnsafeMutablePointer<UInt32>, typeIDs: UnsafeMutablePointer<UInt32>,
        attentionMask: UnsafeMutablePointer<UInt32>,
        specialTokensMask: UnsafeMutablePointer<UInt32>, offsets: UnsafeMutablePointer<Int>,
        sequenceIDs: UnsafeMutablePointer<Int32>
    ) {
        self.ids = ids
        self.typeIDs = typeIDs
        self.attentionMask = attentionMask
        self.specialTokensMask = specialTokensMask
        self.offsets = offsets
        self.sequenceIDs = sequenceIDs
    }
}
