// A test helper, not shipped: logs known entries through the real journal handler so that a test
// can read them back from a real journald (Tests/Support/with-journald).
import LeadexJournal
import Logging

let personal = CommandLine.arguments.contains("--personal-data")
let sink = LogSink(destination: .journal, identifier: "leadexd", personalData: personal)
var logger = Logger(label: "leadexd.probe") { JournalLogHandler(label: $0, sink: sink, level: .debug) }
logger[metadataKey: "inbox"] = "sales"
logger.info("lead on the exchange", metadata: ["lead_id": "42", "user": "ivanov", "phone": "+79123456789", "email": "client@example.ru"])
logger.warning("refused: deal 42 is already taken by ivanov", metadata: ["lead_id": "42", "user": "petrov", "rule": "exchange.taken"])
logger.debug("multi-line\nmessage", metadata: ["lead_id": "43", "phone": "+79990000000"])
