import ArgumentParser
import Subtok

/// `subtok info`: what a tokenizer is made of.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a tokenizer's model, vocabulary size, pipeline and special tokens.")

    @OptionGroup var source: TokenizerOptions

    func run() throws {
        try reportingErrors { () throws(SubtokError) in
            let t = try source.load(quietDefault: true)
            func describe(_ json: JSON?) -> String {
                guard let json, json != .null else { return "none" }
                if case let .string(type)? = json["type"] { return type }
                return "custom"
            }
            var out = Output()
            out.write("file: \(source.tokenizer ?? "none given: \(builtInSampleName)")\n")
            if let path = source.tokenizer { out.write("source: \(Tokenizer.sourceDescription(of: path))\n") }
            out.write("model: \(t.model.typeName)\n")
            out.write(
                "vocab size: \(t.vocabularySize) (model \(t.model.vocabularySize), added \(t.addedVocabulary.tokens.count))\n"
            )
            out.write("normalizer: \(describe(t.normalizer?.json))\n")
            out.write("pre-tokenizer: \(describe(t.preTokenizer?.json))\n")
            out.write("post-processor: \(describe(t.postProcessor?.json))\n")
            out.write("decoder: \(describe(t.decoder?.json))\n")
            out.write("encode path: \(t.encodePath)\n")
            out.write("threads: \(Tokenizer.availableProcessors) by default (the CPUs this process may use)\n")
            out.write("padding: \(t.padding.map(Self.describe) ?? "none")\n")
            out.write("truncation: \(t.truncation.map(Self.describe) ?? "none")\n")
            let specials = t.addedVocabulary.tokens.filter(\.special).map { "\($0.content)=\($0.id)" }
            let shown =
                specials.prefix(40).joined(separator: " ")
                + (specials.count > 40 ? " ... (\(specials.count) in all)" : "")
            out.write("special tokens: \(specials.isEmpty ? "none" : shown)\n")
            try out.flush()
        }
    }

    /// `fixed 128, right, pad id 0 "[PAD]"` or `batch longest, ...`, with the multiple if set.
    static func describe(_ p: Padding) -> String {
        let length =
            switch p.strategy {
            case .batchLongest: "batch longest"
            case let .fixed(n): "fixed \(n)"
            }
        let multiple = p.padToMultipleOf.map { ", multiple of \($0)" } ?? ""
        return "\(length)\(multiple), \(p.direction.rawValue.lowercased()), pad id \(p.padID) \"\(p.padToken)\""
    }

    /// `max length 128, stride 0, LongestFirst, right`.
    static func describe(_ t: Truncation) -> String {
        "max length \(t.maxLength), stride \(t.stride), \(t.strategy.rawValue), \(t.direction.rawValue.lowercased())"
    }
}
