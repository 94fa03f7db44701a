/// Bounds that turn hostile inputs into clear errors instead of unbounded memory or time.
public enum Limits {
    /// The largest vocabulary a tokenizer may declare (ids 0 ..< this).
    public static let maximumVocabularySize = 16_777_216
    /// The largest tokenizer file read into memory, in bytes (1 GiB).
    public static let maximumFileSize = 1 << 30
    /// The deepest nesting a JSON document may have.
    public static let maximumJSONDepth = 128
    /// The largest text one encode call accepts, in bytes (offsets fit in 32 bits per piece beyond).
    public static let maximumInputSize = Int(Int32.max)
    /// The most worker threads one call starts; larger requests are cut to this.
    public static let maximumThreads = 256
}
