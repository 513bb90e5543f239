import Foundation
import PerfFarmCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension MachineSecret {
    /// The secret file when none is given: `$XDG_CONFIG_HOME/perffarm/secret`, or `~/.config/perffarm/secret`.
    /// - Parameter environment: the environment; this process's when `nil`.
    public static func defaultFile(environment: [String: String]? = nil) -> String {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/perffarm/secret"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/perffarm/secret"
    }

    /// Reads the secret from `file`.
    ///
    /// The file must be a regular file (not a symbolic link) owned by the effective user and readable by
    /// nobody else (mode 0600 or 0400); one trailing line break is removed.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the file and what is wrong with it; the
    ///   message never holds the file's content.
    public static func read(file: String) throws -> MachineSecret {
        func refuse(_ message: String) -> PerfFarmError {
            PerfFarmError(.invalidConfiguration, "machine secret file: " + message, path: file)
        }
        var info = stat()
        guard lstat(file, &info) == 0 else {
            throw refuse("cannot read it: \(DurableFile.systemError())")
        }
        try check(info, refuse)
        // O_NOFOLLOW and the same inode: the file checked is the file read, even if it was swapped meanwhile.
        let descriptor = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw refuse("cannot open it: \(DurableFile.systemError())") }
        defer { close(descriptor) }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0, opened.st_ino == info.st_ino, opened.st_dev == info.st_dev else {
            throw refuse("it changed while it was read; try again")
        }
        try check(opened, refuse)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= 64 * 1024 {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw refuse("cannot read it: \(DurableFile.systemError())")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        guard bytes.count <= 64 * 1024 else { throw refuse("larger than 64 KiB: not a machine secret") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw refuse("not UTF-8 text") }
        do {
            return try MachineSecret(text)
        } catch let error as PerfFarmError {
            throw refuse(error.message.replacingOccurrences(of: "the machine secret ", with: "it "))
        }
    }

    /// Refuses a file that is not this user's private regular file.
    private static func check(_ info: stat, _ refuse: (String) -> PerfFarmError) throws {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { throw refuse("is a symbolic link; give the file itself") }
        if type != S_IFREG { throw refuse("is not a regular file") }
        if info.st_uid != geteuid() {
            throw refuse("is owned by uid \(info.st_uid), not by this user (uid \(geteuid()))")
        }
        if info.st_mode & 0o077 != 0 {
            throw refuse(
                "can be read or written by its group or others (mode \(DurableFile.octal(info.st_mode & 0o7777))); "
                    + "chmod 600 it")
        }
    }

    /// Writes the secret to a new file `path`, mode 0600, creating missing parent directories with mode 0700.
    ///
    /// The file is created with `O_CREAT|O_EXCL|O_NOFOLLOW`, so an existing file (or a symbolic link planted
    /// there) is never written through. With `force`, an existing file is replaced atomically: the secret goes
    /// to a new temporary file beside it, which is renamed over the old one.
    /// - Parameters:
    ///   - path: the secret file.
    ///   - force: replace an existing file.
    /// - Throws: ``PerfFarmError``: `invalid_configuration` when the file exists and `force` is not set, or
    ///   when `path` is a directory; `file_access` when it cannot be written.
    public func write(to path: String, force: Bool = false) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try DurableFile.createDirectories(directory, mode: 0o700) }
        var info = stat()
        let exists = lstat(path, &info) == 0
        if exists, info.st_mode & S_IFMT == S_IFDIR {
            throw PerfFarmError(.invalidConfiguration, "machine secret file: is a directory", path: path)
        }
        let data = Data((value + "\n").utf8)
        if exists {
            guard force else {
                throw PerfFarmError(
                    .invalidConfiguration,
                    "machine secret file: exists; --force replaces it (the server must then get the new secret)",
                    path: path)
            }
            try DurableFile.write(data, to: path, mode: 0o600)
            return
        }
        do {
            try DurableFile.create(data, at: path, mode: 0o600)
        } catch let error as PerfFarmError where error.message == "exists" {
            throw PerfFarmError(
                .invalidConfiguration, "machine secret file: exists; --force replaces it", path: path)
        }
        try DurableFile.syncDirectory(directory)
    }
}

/// `read(2)`, named apart from `MachineSecret.read`.
@inline(__always)
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.read(descriptor, buffer, count)
    #else
        return Darwin.read(descriptor, buffer, count)
    #endif
}
