import Foundation
import Testing

/// The package's manifest, sources and `scripts/check-architecture`, copied into a temporary directory that is
/// removed when the value is deinitialised, so that a test can plant a violation without touching the real tree.
final class PackageCopy {
    /// The root of the package this test file belongs to, found from `#filePath`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ArchitectureTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The absolute path of the copy.
    let root: URL

    /// Copies `Package.swift`, `Sources/` and `scripts/check-architecture` into a fresh temporary directory.
    init() throws {
        let manager = FileManager.default
        root = manager.temporaryDirectory.appendingPathComponent("perffarm-architecture-\(UUID().uuidString)")
        try manager.createDirectory(at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources", "scripts/check-architecture"] {
            try manager.copyItem(
                at: Self.packageRoot.appendingPathComponent(item),
                to: root.appendingPathComponent(item)
            )
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// The number of module directories under `Sources/`.
    func moduleCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { !$0.hasPrefix(".") }.count
    }

    /// The number of import lines of the Swift files under `Sources/`, counted independently of the script
    /// (a line-oriented regular expression instead of its lexer).
    func importCount() throws -> Int {
        let pattern = try Regex(#"^\s*(@\w+\s+)?((public|package|internal)\s+)?import\s+\w"#)
        let sources = root.appendingPathComponent("Sources")
        var count = 0
        for path in FileManager.default.subpaths(atPath: sources.path) ?? [] where path.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            count += text.split(separator: "\n").filter { $0.firstMatch(of: pattern) != nil }.count
        }
        return count
    }

    /// The path, relative to the root, of the first Swift file (in path order) of a module under `Sources/`.
    func firstSwiftFile(of module: String) throws -> String {
        let directory = root.appendingPathComponent("Sources/\(module)")
        let files = (FileManager.default.subpaths(atPath: directory.path) ?? []).filter { $0.hasSuffix(".swift") }
        let first = try #require(files.sorted().first, "no Swift file in Sources/\(module)")
        return "Sources/\(module)/\(first)"
    }

    /// Puts `lines` before the first line of a module's first Swift file.
    /// - Returns: the path of that file, relative to the root.
    func prepend(_ lines: String, toAFileOf module: String) throws -> String {
        let file = try firstSwiftFile(of: module)
        try write(lines + read(file), to: file)
        return file
    }

    /// The text of a file of the copy.
    func read(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// Writes a file of the copy, creating its directory when needed.
    func write(_ text: String, to relativePath: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs the copied script through `/usr/bin/env python3`.
    /// - Parameter root: the `--root` to give it; the copy's own root when nil.
    func check(root checkedRoot: String? = nil, _ arguments: [String] = []) throws -> CheckResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = root.appendingPathComponent("scripts/check-architecture").path
        process.arguments = ["python3", script, "--root", checkedRoot ?? root.path] + arguments
        // Files rather than pipes: nothing can block on a full pipe while the test waits for the exit.
        let outputURL = root.appendingPathComponent("check.stdout")
        let errorURL = root.appendingPathComponent("check.stderr")
        try #require(FileManager.default.createFile(atPath: outputURL.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: errorURL.path, contents: nil))
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        return CheckResult(
            status: process.terminationStatus,
            output: try String(contentsOf: outputURL, encoding: .utf8),
            errors: try String(contentsOf: errorURL, encoding: .utf8)
        )
    }
}

/// What one run of `scripts/check-architecture` did.
struct CheckResult {
    /// The exit status.
    let status: Int32
    /// Everything written to standard output.
    let output: String
    /// Everything written to standard error.
    let errors: String

    /// The violation lines (standard error without its final summary line).
    var violations: [String] {
        errors.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("architecture: ") }
    }
}

/// The message of a graph violation (rule 1), as the script words it.
func forbidden(_ module: String, imports imported: String, mayImport allowed: String) -> String {
    "error: \(module) imports \(imported): forbidden by the module graph (rule 1; \(module) may import \(allowed))"
}

/// The message of an import its target does not declare (rule 2), as the script words it.
func undeclared(_ module: String, imports imported: String) -> String {
    "error: \(module) imports \(imported): not a dependency of target \(module) in Package.swift (rule 2)"
}

let collectorsMayImport = "PerfFarmCore, PerfFarmPostgres, PerfFarmProcess"
let buildMayImport = "PerfFarmCore, PerfFarmProcess"
let clusterMayImport = "PerfFarmCompression, PerfFarmCore, PerfFarmPostgres, PerfFarmProcess"

@Suite("scripts/check-architecture", .timeLimit(.minutes(1)))
struct CheckArchitectureTests {
    @Test("the untouched tree passes, with a one-line summary")
    func untouched() throws {
        let copy = try PackageCopy()
        let modules = try copy.moduleCount()
        let imports = try copy.importCount()

        let result = try copy.check()
        #expect(result.status == 0)
        #expect(result.output == "architecture: \(modules) modules, \(imports) imports checked, no violation\n")
        #expect(result.errors == "")

        let quiet = try copy.check(["--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.output == "")
        #expect(quiet.errors == "")
    }

    @Test(
        "Collectors importing Cluster is caught, whatever the form of the import",
        arguments: [
            "import PerfFarmCluster",
            "public import PerfFarmCluster",
            "internal import PerfFarmCluster",
            "package import PerfFarmCluster",
            "@testable import PerfFarmCluster",
            "@_exported import PerfFarmCluster",
            "@preconcurrency import PerfFarmCluster",
            "import struct PerfFarmCluster.PostgresCluster",
        ]
    )
    func collectorsImportCluster(statement: String) throws {
        let copy = try PackageCopy()
        let file = try copy.prepend(statement + "\n", toAFileOf: "PerfFarmCollectors")

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(
            result.violations == [
                "\(file):1: "
                    + forbidden("PerfFarmCollectors", imports: "PerfFarmCluster", mayImport: collectorsMayImport),
                "\(file):1: " + undeclared("PerfFarmCollectors", imports: "PerfFarmCluster"),
            ]
        )
        let summary =
            "architecture: 2 violations in \(try copy.moduleCount()) modules, \(try copy.importCount()) imports"
        #expect(result.errors.hasSuffix(summary + " checked\n"))
        #expect(result.output == "")
    }

    @Test("Cluster importing Build is caught")
    func clusterImportsBuild() throws {
        let copy = try PackageCopy()
        let file = try copy.prepend("import PerfFarmBuild\n", toAFileOf: "PerfFarmCluster")

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(
            result.violations == [
                "\(file):1: " + forbidden("PerfFarmCluster", imports: "PerfFarmBuild", mayImport: clusterMayImport),
                "\(file):1: " + undeclared("PerfFarmCluster", imports: "PerfFarmBuild"),
            ]
        )
    }

    @Test("a C library imported by a module other than its owner is caught")
    func foreignCLibrary() throws {
        let copy = try PackageCopy()
        let file = try copy.prepend("public import CLibPQ\n", toAFileOf: "PerfFarmCollectors")

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(
            result.violations == [
                "\(file):1: error: PerfFarmCollectors imports CLibPQ: C library CLibPQ may be linked only by "
                    + "PerfFarmPostgres (rule 4)",
                "\(file):1: " + undeclared("PerfFarmCollectors", imports: "CLibPQ"),
            ]
        )
    }

    @Test("Build importing Postgres, neither declared nor allowed, breaks two rules")
    func buildImportsPostgres() throws {
        let copy = try PackageCopy()
        let file = try copy.prepend("import Foundation\nimport PerfFarmPostgres\n", toAFileOf: "PerfFarmBuild")

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(
            result.violations == [
                "\(file):2: "
                    + forbidden("PerfFarmBuild", imports: "PerfFarmPostgres", mayImport: buildMayImport),
                "\(file):2: " + undeclared("PerfFarmBuild", imports: "PerfFarmPostgres"),
            ]
        )
    }

    @Test(
        "a dependency that Package.swift declares against the graph is caught",
        arguments: [
            (
                "PerfFarmCluster",
                "error: PerfFarmCollectors depends on PerfFarmCluster: forbidden by the module graph (rule 3; "
                    + "PerfFarmCollectors may import \(collectorsMayImport))"
            ),
            (
                "CLibPQ",
                "error: PerfFarmCollectors depends on CLibPQ: C library CLibPQ may be linked only by PerfFarmPostgres "
                    + "(rule 4)"
            ),
        ]
    )
    func manifestDependency(dependency: String, message: String) throws {
        let copy = try PackageCopy()
        var manifest = try copy.read("Package.swift")
        let target = try #require(
            manifest.firstRange(of: try Regex(#"\.target\(\s*name: "PerfFarmCollectors",\s*dependencies: \["#))
        )
        manifest.insert(contentsOf: "\"\(dependency)\", ", at: target.upperBound)
        try copy.write(manifest, to: "Package.swift")
        let line = manifest[..<target.upperBound].split(separator: "\n", omittingEmptySubsequences: false).count

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(result.violations == ["Package.swift:\(line): " + message])
    }

    @Test("a module directory the rules do not know is caught")
    func unknownModule() throws {
        let copy = try PackageCopy()
        try copy.write("public struct New {}\n", to: "Sources/PerfFarmNew/New.swift")

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(
            result.violations == [
                "Sources/PerfFarmNew: error: PerfFarmNew is a module that the architecture rules do not know; "
                    + "add it to MODULES in scripts/check-architecture (rule 5)"
            ]
        )
    }

    @Test(
        "an import inside #if blocks is checked, in every branch",
        arguments: [
            ("#if canImport(PerfFarmCluster)\n    import PerfFarmCluster\n#endif\n", 2),
            (
                "#if os(Linux)\n    import Glibc\n#elseif canImport(Darwin)\n    import Darwin\n#else\n"
                    + "    @testable import PerfFarmCluster\n#endif\n", 6
            ),
        ]
    )
    func conditionalImport(block: String, line: Int) throws {
        let copy = try PackageCopy()
        let file = try copy.prepend(block, toAFileOf: "PerfFarmCollectors")

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(
            result.violations == [
                "\(file):\(line): "
                    + forbidden("PerfFarmCollectors", imports: "PerfFarmCluster", mayImport: collectorsMayImport),
                "\(file):\(line): " + undeclared("PerfFarmCollectors", imports: "PerfFarmCluster"),
            ]
        )
    }

    @Test("an import in a comment or a string literal is not an import")
    func commentsAndStrings() throws {
        let copy = try PackageCopy()
        let before = try copy.check()
        _ = try copy.prepend(
            """
            // import PerfFarmCluster
            /* import PerfFarmBuild /* nested */
            import PerfFarmBuild */
            let plantedText = \"""
                import PerfFarmCluster
                \"""

            """,
            toAFileOf: "PerfFarmCollectors"
        )

        let result = try copy.check()
        #expect(result.status == 0)
        #expect(result.output == before.output)
    }

    @Test("test targets may import anything; the test support target must declare what it imports")
    func testTargets() throws {
        let copy = try PackageCopy()
        try copy.write("import PerfFarmCluster\nimport PerfFarmBuild\n", to: "Tests/PerfFarmCoreTests/Planted.swift")
        try copy.write(
            "import Foundation\nimport PerfFarmBuild\nimport PerfFarmCollectors\n",
            to: "Tests/PerfFarmTestSupport/Planted.swift"
        )

        let result = try copy.check()
        #expect(result.status == 1)
        #expect(
            result.violations == [
                "Tests/PerfFarmTestSupport/Planted.swift:3: "
                    + undeclared("PerfFarmTestSupport", imports: "PerfFarmCollectors")
            ]
        )
    }

    @Test("outside a package it is a usage error")
    func notAPackage() throws {
        let copy = try PackageCopy()
        let empty = copy.root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)

        let result = try copy.check(root: empty.path)
        #expect(result.status == 2)
        #expect(result.errors == "check-architecture: \(empty.path) is not a Swift package (no Package.swift)\n")
        #expect(result.output == "")
    }
}
