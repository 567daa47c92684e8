import Foundation
@testable import LeadexWeb
import Testing

@Suite struct LoginThrottleTests {
    let start = Date(timeIntervalSince1970: 1_795_413_600)

    @Test func waitsDoubleAfterTheFreeFailuresUpToAMinute() {
        var throttle = LoginThrottle()
        let keys: [LoginThrottle.Key] = [.account("ivanov")]
        var now = start
        for _ in 0..<3 {
            #expect(throttle.wait(keys, now: now) == nil)
            throttle.failed(keys, now: now)
        }
        var waits: [TimeInterval] = []
        for _ in 0..<9 {
            let wait = throttle.wait(keys, now: now) ?? 0
            waits.append(wait)
            now += wait
            #expect(throttle.wait(keys, now: now) == nil, "never locked: the wait always ends")
            throttle.failed(keys, now: now)
        }
        #expect(waits == [1, 2, 4, 8, 16, 32, 60, 60, 60])
        // Failures are forgotten after a quarter of an hour.
        #expect(throttle.wait(keys, now: now + 15 * 60) == nil)
    }

    @Test func aSuccessClearsTheAccountButNotTheAddress() {
        var throttle = LoginThrottle()
        let keys: [LoginThrottle.Key] = [.account("ivanov"), .address("10.0.0.5")]
        for _ in 0..<12 { throttle.failed(keys, now: start) }
        throttle.succeeded(account: "ivanov")
        #expect(throttle.wait([.account("ivanov")], now: start) == nil)
        #expect(throttle.wait([.address("10.0.0.5")], now: start) == 4)
        // Ten free failures per address: an office shares one.
        var office = LoginThrottle()
        for number in 0..<10 { office.failed([.address("10.0.0.9"), .account("user\(number)")], now: start) }
        #expect(office.wait([.address("10.0.0.9")], now: start) == 1)
    }

    @Test func memoryIsBoundedWhateverLoginsAreMadeUp() {
        var throttle = LoginThrottle()
        for number in 0..<(LoginThrottle.capacity + 500) { throttle.failed([.account("made-up-\(number)")], now: start + Double(number)) }
        #expect(throttle.count <= LoginThrottle.capacity)
    }

    @Test func theProxysForwardedAddressIsBelievedOnlyFromLoopback() {
        #expect(ClientAddress.of(forwardedFor: "203.0.113.7", peer: "127.0.0.1") == "203.0.113.7")
        #expect(ClientAddress.of(forwardedFor: "1.1.1.1, 203.0.113.7", peer: "::1") == "203.0.113.7")
        #expect(ClientAddress.of(forwardedFor: "203.0.113.7", peer: "198.51.100.2") == "198.51.100.2")
        #expect(ClientAddress.of(forwardedFor: nil, peer: "127.0.0.1") == "127.0.0.1")
        #expect(ClientAddress.of(forwardedFor: " , ", peer: "127.0.0.1") == "127.0.0.1")
        #expect(ClientAddress.of(forwardedFor: nil, peer: nil) == "unknown")
    }
}
