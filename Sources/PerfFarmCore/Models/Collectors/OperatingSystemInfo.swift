/// The operating system, kernel and host a run happened on.
public struct OperatingSystemInfo: Codable, Sendable, Equatable {
    /// `NAME` of `/etc/os-release` (`Debian GNU/Linux`; `macOS` on a Mac).
    public var name: String?
    /// `ID` of `/etc/os-release` (`debian`, `ubuntu`; `macos`).
    public var id: String?
    /// `ID_LIKE` of `/etc/os-release`, split on spaces.
    public var idLike: [String]
    /// `VERSION_ID` (`12`, `24.04`; the product version on macOS, `15.1`).
    public var versionID: String?
    /// `VERSION_CODENAME` (`bookworm`).
    public var versionCodename: String?
    /// `PRETTY_NAME` (`Debian GNU/Linux 12 (bookworm)`).
    public var prettyName: String?
    /// `uname` sysname (`Linux`, `Darwin`, `FreeBSD`).
    public var kernelName: String?
    /// `uname` release (`6.1.0-18-amd64`).
    public var kernelRelease: String?
    /// `uname` version (the build string, `#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1`).
    public var kernelVersion: String?
    /// `uname` machine (`x86_64`, `aarch64`, `arm64`).
    public var machine: String?
    /// The host name.
    public var hostname: String?
    /// The hypervisor when the machine is virtual, as far as it can be told (`kvm`, `xen`, `vmware`,
    /// `microsoft`, `amazon`, `google`, `qemu`, `firecracker`, `hypervisor` when only the CPU flag says so).
    public var virtualization: String?
    /// The container runtime when running in a container (`docker`, `podman`, `lxc`, `kubernetes`, `wsl`).
    public var container: String?

    /// Creates an empty description.
    public init() {
        idLike = []
    }

    enum CodingKeys: String, CodingKey {
        case name, id
        case idLike = "id_like"
        case versionID = "version_id"
        case versionCodename = "version_codename"
        case prettyName = "pretty_name"
        case kernelName = "kernel_name"
        case kernelRelease = "kernel_release"
        case kernelVersion = "kernel_version"
        case machine, hostname, virtualization, container
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(id, forKey: .id)
        try c.encode(idLike, forKey: .idLike)
        try c.encode(versionID, forKey: .versionID)
        try c.encode(versionCodename, forKey: .versionCodename)
        try c.encode(prettyName, forKey: .prettyName)
        try c.encode(kernelName, forKey: .kernelName)
        try c.encode(kernelRelease, forKey: .kernelRelease)
        try c.encode(kernelVersion, forKey: .kernelVersion)
        try c.encode(machine, forKey: .machine)
        try c.encode(hostname, forKey: .hostname)
        try c.encode(virtualization, forKey: .virtualization)
        try c.encode(container, forKey: .container)
    }
}
