/// The operating system, kernel and host a run happened on.
public struct OperatingSystemInfo: Codable, Sendable, Equatable {
    /// `NAME` of `/etc/os-release` (`Debian GNU/Linux`; `macOS` on a Mac).
    @Nullable public var name: String?
    /// `ID` of `/etc/os-release` (`debian`, `ubuntu`; `macos`).
    @Nullable public var id: String?
    /// `ID_LIKE` of `/etc/os-release`, split on spaces.
    public var idLike: [String]
    /// `VERSION_ID` (`12`, `24.04`; the product version on macOS, `15.1`).
    @Nullable public var versionID: String?
    /// `VERSION_CODENAME` (`bookworm`).
    @Nullable public var versionCodename: String?
    /// `PRETTY_NAME` (`Debian GNU/Linux 12 (bookworm)`).
    @Nullable public var prettyName: String?
    /// `uname` sysname (`Linux`, `Darwin`, `FreeBSD`).
    @Nullable public var kernelName: String?
    /// `uname` release (`6.1.0-18-amd64`).
    @Nullable public var kernelRelease: String?
    /// `uname` version (the build string, `#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1`).
    @Nullable public var kernelVersion: String?
    /// `uname` machine (`x86_64`, `aarch64`, `arm64`).
    @Nullable public var machine: String?
    /// The host name.
    @Nullable public var hostname: String?
    /// The hypervisor when the machine is virtual, as far as it can be told (`kvm`, `xen`, `vmware`,
    /// `microsoft`, `amazon`, `google`, `qemu`, `firecracker`, `hypervisor` when only the CPU flag says so).
    @Nullable public var virtualization: String?
    /// The container runtime when running in a container (`docker`, `podman`, `lxc`, `kubernetes`, `wsl`).
    @Nullable public var container: String?

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
}
