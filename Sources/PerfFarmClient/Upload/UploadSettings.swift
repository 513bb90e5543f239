public import Foundation
import PerfFarmCore

/// Where and how results are delivered: the server's URL, the payload format, the time one request may take.
public struct UploadSettings: Sendable, Equatable {
    /// The path the pgperffarm server takes runs at, under its API root.
    public static let pgPerfFarmUploadPath = "run/upload/"

    /// The configured URL (native: the endpoint; pgperffarm: the API root).
    public var url: URL
    /// The payload format.
    public var format: UploadFormat
    /// How long one request may take.
    public var timeout: Duration

    /// Settings from a URL text.
    /// - Parameters:
    ///   - url: an `http` or `https` URL with a host and no user name or password (the machine secret
    ///     authenticates).
    ///   - format: the payload format.
    ///   - timeout: how long one request may take (above 0).
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`, key `upload.url` or `upload.timeout`).
    public init(url: String, format: UploadFormat = .native, timeout: Duration = .seconds(60)) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            let host = parsed.host, !host.isEmpty
        else {
            throw PerfFarmError(.invalidConfiguration, "not an http(s) URL: \"\(url)\"", key: "upload.url")
        }
        if parsed.user != nil || parsed.password != nil {
            throw PerfFarmError(
                .invalidConfiguration,
                "a user name or password in the URL is not supported (the machine secret "
                    + "authenticates); remove it", key: "upload.url")
        }
        guard timeout > .zero else {
            throw PerfFarmError(.invalidConfiguration, "must be above 0 seconds", key: "upload.timeout")
        }
        self.url = parsed
        self.format = format
        self.timeout = timeout
    }

    /// The settings of a farm configuration's `[upload]` section.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) when `upload.url` is empty or not an http(s) URL.
    public init(configuration: FarmConfiguration) throws {
        guard !configuration.upload.url.isEmpty else {
            throw PerfFarmError(
                .invalidConfiguration, "no upload URL: set [upload] url or give --upload-url", key: "upload.url")
        }
        try self.init(
            url: configuration.upload.url, format: configuration.upload.format,
            timeout: .milliseconds(Int64((configuration.upload.timeout * 1000).rounded())))
    }

    /// The URL requests are sent to: ``url`` for the native format; for pgperffarm, ``url`` with `/run/upload/`
    /// appended unless it already ends with it.
    public var destination: URL {
        Self.destination(of: url, format: format)
    }

    /// The URL requests in `format` are sent to, given the configured `url`.
    public static func destination(of url: URL, format: UploadFormat) -> URL {
        guard format == .pgperffarm else { return url }
        var text = url.absoluteString
        if text.hasSuffix("/" + pgPerfFarmUploadPath) || text.hasSuffix("/run/upload") {
            if !text.hasSuffix("/") { text += "/" }
            return URL(string: text) ?? url
        }
        if !text.hasSuffix("/") { text += "/" }
        return URL(string: text + pgPerfFarmUploadPath) ?? url
    }

    /// What a person should know about these settings: plain http to another machine.
    public var warnings: [String] {
        Self.warnings(destination: destination, format: format)
    }

    /// The warnings of sending `format` to `destination`: plain http to a host other than this machine (the
    /// result travels unencrypted; with pgperffarm, the machine secret too).
    public static func warnings(destination: URL, format: UploadFormat) -> [String] {
        guard destination.scheme?.lowercased() == "http", let host = destination.host, !isLoopback(host) else {
            return []
        }
        let what =
            format == .pgperffarm
            ? "the results and the machine secret (its Authorization header) travel unencrypted"
            : "the results travel unencrypted (signed, but readable and replayable within the server's window)"
        return ["\(destination.absoluteString) is plain http to another machine: \(what); use https"]
    }

    /// Whether `host` names this machine: `localhost`, `127.0.0.0/8`, `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1" {
            return true
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
