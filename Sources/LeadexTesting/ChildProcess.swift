internal import Foundation
internal import Synchronization

/// A built executable of this package run as a child process, with its stderr collected.
public final class ChildProcess: Sendable {
    private let process: Process
    private let errorPipe = Pipe()
    private let outputPipe = Pipe()
    private let collectedError = LockedData()
    private let collectedOutput = LockedData()

    public init(executable: String, arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "JOURNAL_STREAM")
        env.merge(environment) { $1 }
        process.environment = env
        process.standardError = errorPipe
        process.standardOutput = outputPipe
        self.process = process
        try process.run()
        // Blocking reads on threads of their own, until end of file. FileHandle's
        // readabilityHandler runs on dispatch sources that corelibs Foundation tears down racily:
        // with dozens of children in a parallel test run it crashed libdispatch's event loop.
        for (pipe, sink, done) in [(errorPipe, collectedError, errorDone), (outputPipe, collectedOutput, outputDone)] {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    sink.append(data)
                }
                done.signal()
            }
        }
    }

    private let errorDone = DispatchSemaphore(value: 0)
    private let outputDone = DispatchSemaphore(value: 0)

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var standardError: String { collectedError.text }
    public var standardOutput: String { collectedOutput.text }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for exit (up to `timeout` seconds, then kills it) and returns the exit status.
    @discardableResult
    public func wait(timeout: Double = 30) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        process.waitUntilExit()
        // What was written just before exit is read to the end; a grandchild still holding a
        // pipe (a daemon it started) must not hang the test, hence the limit.
        _ = errorDone.wait(timeout: .now() + 5)
        _ = outputDone.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    /// Runs to completion and returns (status, stdout, stderr).
    public static func run(executable: String, arguments: [String], environment: [String: String] = [:], timeout: Double = 60)
        throws -> (status: Int32, output: String, error: String)
    {
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment)
        let status = child.wait(timeout: timeout)
        return (status, child.standardOutput, child.standardError)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Bytes appended from a pipe's handler thread and read from the test's.
private final class LockedData: Sendable {
    private let data = Mutex(Data())
    func append(_ more: Data) { data.withLock { $0.append(more) } }
    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}

extension ChildProcess {
    /// ``run(executable:arguments:environment:timeout:)`` on a Dispatch thread: an async test
    /// waiting for a process must not hold one of the few threads other tests' tasks run on.
    public static func runDetached(executable: String, arguments: [String], environment: [String: String] = [:], timeout: Double = 60)
        async throws -> (status: Int32, output: String, error: String)
    {
        try await offCooperativePool { try run(executable: executable, arguments: arguments, environment: environment, timeout: timeout) }
    }

    /// ``wait(timeout:)`` on a Dispatch thread.
    public func waitDetached(timeout: Double = 30) async -> Int32 {
        await offCooperativePool { self.wait(timeout: timeout) }
    }
}

/// Runs blocking `body` on a Dispatch thread and waits for it without blocking the caller's.
public func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// Runs blocking `body` on a Dispatch thread and waits for it without blocking the caller's.
public func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: body()) }
    }
}
