import Dispatch
import Glibc
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Synchronization
import Testing

@testable import QuireMerge

/// Bundles are opened and checked as separate jobs on every core; the outcome must not depend on that.
@Suite("Bundle loading")
struct BundleLoaderTests {
    @Test("a once-computed result is made by one caller and seen by all, value or error", arguments: [false, true])
    func onceResult(fails: Bool) {
        struct Failure: Error, Equatable {}
        let calls = Mutex(0)
        let once = OnceResult<Int> {
            calls.withLock { $0 += 1 }
            // Long enough that the other callers arrive while it runs.
            usleep(20_000)
            if fails { throw Failure() }
            return 42
        }
        let seen = Mutex<[Int: Result<Int, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            let result = once.value()
            seen.withLock { $0[caller] = result }
        }
        #expect(calls.withLock { $0 } == 1)
        let results = seen.withLock { $0 }
        #expect(results.count == 8)
        for result in results.values {
            switch result {
            case .success(let value): #expect(!fails && value == 42)
            case .failure(let error): #expect(fails && error as? Failure == Failure())
            }
        }
    }

    @Test("each bundle gets its own outcome, in argument order, whichever job finishes first")
    func outcomesInArgumentOrder() throws {
        let scenario = try MergeScenario(archives: false)
        let ben = scenario.directory("ben")
        let items = FileSystem.join(ben, BundleLayout.items)
        var bytes = try FileSystem.readFile(items)
        bytes[100] ^= 0x01
        try FileSystem.writeAtomically(bytes, to: items)
        let missing = scenario.file("missing.quire")
        let paths = [scenario.directory("ana"), ben, missing, scenario.directory("chen")]
        for _ in 0..<3 {
            let outcomes = BundleLoader.loadAll(paths.map { ($0, false) })
            #expect(outcomes.count == 4)
            #expect((try? outcomes[0].get())?.reviewer == "ana")
            #expect((try? outcomes[3].get())?.reviewer == "chen")
            guard case .failure(let tampered) = outcomes[1], case .failure(let absent) = outcomes[2] else {
                Issue.record("ben and the missing bundle should fail")
                return
            }
            #expect(
                (tampered as? BundleError).map {
                    if case .checksumMismatch(ben, BundleLayout.items, _, _) = $0 { true } else { false }
                } == true)
            #expect(absent as? BundleError == .notABundle(path: missing, reason: "no such file or directory"))
        }
        #expect(BundleLoader.loadAll([]).isEmpty)
        let one = BundleLoader.loadAll([(scenario.directory("ana"), false)])
        #expect((try? one[0].get())?.reviewer == "ana")
    }

    @Test("an archive's extraction is removed once its bundle is loaded: merge reads it from memory")
    func extractionsRemoved() async throws {
        let scenario = try MergeScenario()
        let loaded = try await Merger.load(scenario.archives.map { ($0, false) })
        #expect(loaded.count == scenario.archives.count)
        for bundle in loaded {
            #expect(!FileSystem.exists(bundle.bundle.directory), "\(bundle.bundle.directory)")
            #expect(bundle.instructions.isEmpty == false)
            #expect(try bundle.item(at: 0).id == bundle.itemIDs[0])
        }
    }
}
