// A downstream Swift package's program: loads a tokenizer through the Subtok product and encodes a line.
import Glibc
import Subtok

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: Consumer TOKENIZER TEXT")
    exit(2)
}
do {
    let tokenizer = try Tokenizer(contentsOfFile: arguments[1])
    print(tokenizer.encode(arguments[2], addSpecialTokens: false).ids.map(String.init).joined(separator: " "))
} catch {
    print("error: \(error)")
    exit(1)
}
