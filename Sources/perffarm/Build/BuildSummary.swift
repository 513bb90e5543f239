import Foundation
import PerfFarmCore

/// The short text `perffarm build` prints for a result.
enum BuildSummary {
    /// A few lines: what was built, where, how long each phase took, or why it failed.
    static func render(_ result: BuildResult) -> String {
        let source = result.source
        var lines: [String] = []
        let what = "\(source.branch) at \(source.commit.prefix(12)) (\(source.subject))"
        switch (result.status, result.cached) {
        case (.succeeded, true): lines.append("cached: \(what)")
        case (.succeeded, false): lines.append("built: \(what)")
        case (.failed, _): lines.append("FAILED: \(what)")
        }
        if let version = result.postgresVersion { lines.append("  version:   \(version)") }
        if let prefix = result.installPrefix { lines.append("  install:   \(prefix)") }
        lines.append("  compiler:  \(result.compiler.versionLine)\(result.ccache ? " (ccache)" : "")")
        if let assertions = result.assertionsEnabled { lines.append("  cassert:   \(assertions ? "on" : "off")") }
        lines.append("  timings:   " + timings(result))
        if result.cached, let builtAt = result.builtAt {
            lines.append(
                "  built at:  \(TimestampFormat.string(from: builtAt)) (cache key \(result.cacheKey.prefix(16)))")
        }
        lines.append("  logs:      \(result.logDirectory)")
        if let failure = result.failure {
            lines.append("  failed:    \(failure.step) — \(failure.message)")
            if let log = failure.logFile { lines.append("  log:       \(log)") }
            let tail = failure.logTail.suffix(20)
            if !tail.isEmpty {
                lines.append("  last lines of the log:")
                lines += tail.map { "    " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func timings(_ result: BuildResult) -> String {
        let timings = result.timings
        var parts = ["git \(seconds(timings.gitSeconds))"]
        if let patch = timings.patchSeconds { parts.append("patch \(seconds(patch))") }
        if let configure = timings.configureSeconds { parts.append("configure \(seconds(configure))") }
        if let build = timings.buildSeconds { parts.append("make \(seconds(build))") }
        if let install = timings.installSeconds { parts.append("install \(seconds(install))") }
        parts.append("total \(seconds(timings.totalSeconds))")
        return parts.joined(separator: ", ")
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.1f s", value)
    }
}
