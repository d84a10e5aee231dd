import QuireIO
import QuireModel

#if canImport(Glibc)
    import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let path = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "/tmp/quire-import/bench-100m.jsonl"
do {
    for mode in ["lines", "parse", "trace"] {
        let start = now()
        let reader = LineReader(source: try FileInput(path: path))
        var bytes = 0
        var count = 0
        while let ok = try reader.next({ line, buffer -> Bool in
            bytes += line.length + 1
            if mode == "lines" { return true }
            guard case .success(let value) = JSONParser.parseBuffer(buffer) else { return false }
            if mode == "trace" { _ = try? Trace(json: value) }
            return true
        }) {
            if ok { count += 1 }
        }
        let elapsed = now() - start
        print("\(mode): \(count) lines, \(bytes) bytes, \(elapsed) s, \(Double(bytes) / elapsed / 1e6) MB/s")
    }
} catch {
    print("error: \(error)")
}
