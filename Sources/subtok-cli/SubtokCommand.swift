import ArgumentParser
import Subtok

@main
struct SubtokCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subtok",
        abstract: "Subword tokenizers: encode, decode, train, inspect and convert.",
        discussion: """
            The tokenizer (-t) is a file or a model directory, told by its content: tokenizer.json, \
            tekken.json, a SentencePiece .model, GPT-2 vocab.json or encoder.json (merges beside it), \
            BERT vocab.txt, a tiktoken rank file or a GGUF model file (--type names the kind instead).

            EXAMPLES:
              echo 'Hello world' | subtok encode -t tokenizer.json
              subtok encode -t tokenizer.json --format tokens corpus.txt
              subtok encode -t cl100k_base.tiktoken --count --total corpus.txt
              subtok encode -t tokenizer.json --format jsonl docs.jsonl > encoded.jsonl
              subtok decode -t tokenizer.json ids.txt
              subtok train --model byte-bpe --vocab-size 32000 -o tokenizer.json corpus.txt
              subtok info -t model.gguf
              subtok convert -t tokenizer.model -o tokenizer.json

            EXIT STATUS:
              0   success
              1   a runtime error: a file that cannot be read or is not a tokenizer, invalid input \
            (the line is named), a failed write; everything before a bad input line is written first
              64  a usage error: an unknown option, a missing or malformed argument
            """,
        version: subtokVersion,
        subcommands: [Encode.self, Decode.self, Train.self, Count.self, Info.self, Convert.self]
    )
}
