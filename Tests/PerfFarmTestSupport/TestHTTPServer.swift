public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real HTTP server on 127.0.0.1 for upload tests: Python's `http.server` on a free port, started by the test.
///
/// It records every request — method, path, headers, body — as files in its directory (`requests/NNNNNN.json`
/// and `.body`, written before the answer), and answers with what ``respond(status:body:delay:headers:)`` last
/// set (201 by default), read at each request, so a test can switch it while it runs. It stops when ``stop()``
/// is called, when the value is deinitialised, or when the test process dies (it watches its parent).
public final class TestHTTPServer: Sendable {
    /// One request as the server received it.
    public struct Request: Sendable {
        /// `POST`, `GET`…
        public var method: String
        /// The path and query.
        public var path: String
        /// The headers, in the order received.
        public var headers: [(name: String, value: String)]
        /// The exact body bytes.
        public var body: Data

        /// The value of header `name` (case-insensitive), or `nil`.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// The server's directory (its script, records, control file, stderr).
    public let directory: String
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    /// The python3 process while it runs; `nil` once stopped.
    private let process: Mutex<Process?>

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server answering `status` (201 by default) until told otherwise.
    /// - Throws: when python3 cannot start or the server does not listen within 10 s.
    public init(status: Int = 201) throws {
        let base = FileManager.default.temporaryDirectory.path
        directory = base + "/perffarm-http-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory + "/requests", withIntermediateDirectories: true)
        try Self.script.write(toFile: directory + "/server.py", atomically: true, encoding: .utf8)
        try Self.writeControl(directory: directory, ["status": status, "body": ""])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory + "/server.py", directory]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: directory + "/stderr.txt", contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/stderr.txt"))
        try process.run()
        var port: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: directory + "/port", encoding: .utf8), let value = Int(text) {
                port = value
                break
            }
            if !process.isRunning { break }
            usleep(50_000)
        }
        guard let port else {
            Self.terminate(process)
            let stderr = (try? String(contentsOfFile: directory + "/stderr.txt", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: directory)
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the test HTTP server did not start: \(stderr)"]
            )
        }
        self.port = port
        self.process = Mutex(process)
    }

    /// Runs `body` with a started server, stopped afterwards whatever happens.
    public static func run<T>(status: Int = 201, _ body: (TestHTTPServer) async throws -> T) async throws -> T {
        let server = try TestHTTPServer(status: status)
        defer { server.stop() }
        return try await body(server)
    }

    /// Sets the answer to every following request.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - body: the answer's body.
    ///   - delay: seconds to wait before answering (a client with a shorter timeout gives up).
    ///   - headers: extra headers.
    public func respond(status: Int, body: String = "", delay: Double = 0, headers: [String: String] = [:]) throws {
        try Self.writeControl(
            directory: directory, ["status": status, "body": body, "delay": delay, "headers": headers])
    }

    /// Every request received so far, in order.
    public func requests() throws -> [Request] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/requests")
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let stem = directory + "/requests/" + String(name.dropLast(5))
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stem + ".json")))
            let object = meta as? [String: Any] ?? [:]
            let headers = (object["headers"] as? [[String]] ?? []).map { (name: $0[0], value: $0[1]) }
            return Request(
                method: object["method"] as? String ?? "", path: object["path"] as? String ?? "", headers: headers,
                body: try Data(contentsOf: URL(fileURLWithPath: stem + ".body")))
        }
    }

    /// Stops the server and removes its directory (again: nothing).
    public func stop() {
        process.withLock { process in
            if let running = process { Self.terminate(running) }
            process = nil
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit {
        stop()
    }

    /// SIGTERM, up to 2 s, then SIGKILL; always waited for (reaped by `Process`), so its PID is never reused
    /// while this code could still signal it.
    private static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private static func writeControl(directory: String, _ control: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: control)
        try data.write(to: URL(fileURLWithPath: directory + "/control.json"), options: .atomic)
    }

    /// The server: records, then answers as `control.json` says; exits when its parent goes.
    private static let script = #"""
        import http.server, json, os, sys, threading, time

        root = sys.argv[1]
        parent = os.getppid()
        records = os.path.join(root, "requests")
        lock = threading.Lock()
        counter = [0]

        def write_atomic(path, data):
            temporary = path + ".tmp"
            with open(temporary, "wb") as f:
                f.write(data)
            os.rename(temporary, path)

        def control():
            try:
                with open(os.path.join(root, "control.json")) as f:
                    return json.load(f)
            except Exception:
                return {"status": 201, "body": ""}

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with lock:
                    counter[0] += 1
                    name = "%06d" % counter[0]
                write_atomic(os.path.join(records, name + ".body"), body)
                meta = {"method": self.command, "path": self.path,
                        "headers": [[k, v] for k, v in self.headers.items()]}
                write_atomic(os.path.join(records, name + ".json"), json.dumps(meta).encode())
                c = control()
                if c.get("delay"):
                    time.sleep(float(c["delay"]))
                payload = c.get("body", "").encode()
                self.send_response(int(c.get("status", 201)))
                for key, value in c.get("headers", {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_GET = do_PUT = answer

            def log_message(self, *arguments):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True

        def watchdog():
            while True:
                time.sleep(0.2)
                if os.getppid() != parent or not os.path.isdir(root):
                    os._exit(0)

        threading.Thread(target=watchdog, daemon=True).start()
        write_atomic(os.path.join(root, "port"), str(server.server_address[1]).encode())
        server.serve_forever()
        """#
}
