import Foundation
import PerfFarmCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The live ``UploadTransport``: Foundation's `URLSession` (FoundationNetworking on Linux).
///
/// Each request gets an ephemeral session: no cookies, no cache, no credentials store. Redirects are not
/// followed (a 3xx comes back as the answer, and the outbox rejects it), so the machine secret of a pgperffarm
/// request never goes to a host that was not configured.
public struct URLSessionUploadTransport: UploadTransport {
    /// Creates the transport.
    public init() {}

    public func send(_ request: UploadRequest, timeout: Duration) async throws -> UploadResponse {
        let seconds = timeout.inSeconds
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: seconds)
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.httpShouldSetCookies = false
        let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw UploadTransportError(.network, "the answer is not HTTP")
            }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return UploadResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as UploadTransportError {
            throw error
        } catch let error as URLError {
            // A cancelled task (SIGINT) is not a failed attempt: the item stays as it was.
            if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
            if error.code == .timedOut {
                throw UploadTransportError(.timedOut, "no answer within \(Self.format(seconds)) s")
            }
            throw UploadTransportError(.network, Self.describe(error))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw UploadTransportError(.network, "\(error.localizedDescription)")
        }
    }

    /// A sentence for a failed connection, without the request's headers.
    private static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: "cannot connect to the server (connection refused)"
        case .cannotFindHost, .dnsLookupFailed: "cannot find the server's host"
        case .networkConnectionLost: "the connection was lost"
        case .notConnectedToInternet: "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            "the TLS connection failed (\(error.code.rawValue))"
        case .cancelled: "the request was cancelled"
        default: "the request failed: URLError \(error.code.rawValue)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}

/// Refuses every redirect: the 3xx answer is returned as it is.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
