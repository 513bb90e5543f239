public import PerfFarmCore
import PerfFarmProcess

/// What a running build is doing, handed to the `progress` observer of ``PostgresBuilder/build(_:progress:)``:
/// a step started, a step finished (how long it took, whether it succeeded), or the install came from the
/// cache. The library reports these instead of logging them; the caller decides what a person sees.
///
/// A fresh build reports `fetch` started and finished, then the same for `checkout`, `patch` (with patches),
/// `configure`, `build`, `install` and `contrib`, stopping after the first step that fails; a cached one
/// reports `fetch` started and finished, then ``Event/cacheHit(installPrefix:)``.
public struct BuildProgress: Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Event: Sendable, Equatable {
        /// The step started.
        case started
        /// The step ended after `duration`, successfully or not.
        case finished(duration: Duration, succeeded: Bool)
        /// The install cache has this build: nothing is checked out or compiled.
        case cacheHit(installPrefix: String)
    }

    /// The step or phase: one of the steps recorded in ``BuildResult/steps`` (`fetch`, `checkout`, `patch`,
    /// `configure`, `build`, `install`, `contrib`), or ``BuildStep/Name/installCache`` for the look-up.
    public var step: BuildStep.Name
    /// What happened.
    public var event: Event
    /// A short phrase for a person, one line: `fetch`, `configure (12.3 s)`, `build failed (40.2 s)`,
    /// `install cache hit: /work/installs/0123456789abcdef`.
    public var phrase: String

    /// Creates a progress report whose ``phrase`` says what `event` means.
    /// - Parameters:
    ///   - step: the step or phase.
    ///   - event: what happened.
    public init(step: BuildStep.Name, event: Event) {
        self.step = step
        self.event = event
        switch event {
        case .started:
            phrase = step.rawValue
        case .finished(let duration, let succeeded):
            let time = StepLog.seconds(duration.inSeconds)
            phrase = succeeded ? "\(step.rawValue) (\(time))" : "\(step.rawValue) failed (\(time))"
        case .cacheHit(let installPrefix):
            phrase = "install cache hit: \(installPrefix)"
        }
    }

    /// The ``phrase``.
    public var description: String { phrase }
}

extension BuildStep.Name {
    /// The look-up in the install cache: a phase of the progress reports, never a step of a result.
    public static let installCache = BuildStep.Name(rawValue: "install_cache")
}
