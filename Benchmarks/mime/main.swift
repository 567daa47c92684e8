// mime-bench CORPUS_DIR [ITERATIONS]: parses and extracts every message of the corpus N times.
import Foundation
import LeadexMail

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: mime-bench CORPUS_DIR [ITERATIONS]\n".utf8))
    exit(2)
}
let dir = URL(fileURLWithPath: args[1])
let iterations = args.count > 2 ? Int(args[2]) ?? 5 : 5
let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".eml") }.sorted()
let corpus: [[UInt8]] = try names.map { [UInt8](try Data(contentsOf: dir.appendingPathComponent($0))) }
let totalBytes = corpus.reduce(0) { $0 + $1.count }
let extractor = LeadExtractor()

// One warm-up pass builds the charset tables and checks the corpus makes sense.
var leads = 0, phones = 0, forms = 0
for m in corpus {
    let lead = extractor.extract(from: MIMEMessage.parse(m))
    if !lead.text.isEmpty { leads += 1 }
    phones += lead.phones.count
    if lead.isFormMail { forms += 1 }
}

var best = Duration.seconds(1_000_000)
var sink = 0
for _ in 0..<iterations {
    let start = ContinuousClock.now
    for m in corpus {
        let lead = extractor.extract(from: MIMEMessage.parse(m))
        sink &+= lead.text.utf8.count &+ lead.phones.count
    }
    best = min(best, ContinuousClock.now - start)
}
let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
let mbps = Double(totalBytes) / 1e6 / seconds
let msgs = Double(corpus.count) / seconds
print(String(format: "swift  LeadexMail: %d msgs, %.1f MB, best of %d: %.3f s  %.1f MB/s  %.0f msgs/s  (texts %d, phones %d, forms %d, sink %d)",
             corpus.count, Double(totalBytes) / 1e6, iterations, seconds, mbps, msgs, leads, phones, forms, sink % 10))
print(String(format: "RESULT swift %.3f %.1f", mbps, msgs))
