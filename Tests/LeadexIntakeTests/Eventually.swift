import Foundation

/// Waits for `condition` (checked every 20 ms) up to `timeout`: the test waits for an event,
/// it does not sleep for the time it checks.
func eventually(_ timeout: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}
