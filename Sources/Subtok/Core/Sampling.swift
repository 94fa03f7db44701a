/// Subword regularization (Kudo 2018) for Unigram models, as `sentencepiece`'s
/// `encode(..., enable_sampling=True, alpha=..., nbest_size=...)`: each encode call draws one
/// segmentation instead of taking the best.
public struct Sampling: Sendable, Equatable {
    /// The inverse temperature: path scores are multiplied by it before sampling (0: uniform).
    public var alpha: Double
    /// Negative: sample from all segmentations (forward filtering, backward sampling); 0 or 1:
    /// the best segmentation (no sampling); 2 ... 512: sample among the `nbestSize` best.
    public var nbestSize: Int

    /// Validates the parameters as `sentencepiece` does: `nbestSize` at most 512, `alpha` a
    /// finite number not below 0.
    public init(alpha: Double, nbestSize: Int) throws(SubtokError) {
        guard alpha.isFinite, alpha >= 0 else {
            throw SubtokError(.invalidArgument, "sampling alpha must be a finite number ≥ 0, found \(alpha)")
        }
        guard nbestSize <= 512 else {
            throw SubtokError(.invalidArgument, "sampling nbest_size must be at most 512, found \(nbestSize)")
        }
        self.alpha = alpha
        self.nbestSize = nbestSize
    }

    /// True when encoding draws rather than taking the best segmentation.
    public var samples: Bool { nbestSize < 0 || nbestSize > 1 }
}
