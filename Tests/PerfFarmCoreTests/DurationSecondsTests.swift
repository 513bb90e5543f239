import PerfFarmCore
import Testing

/// The one Duration → seconds conversion of the package.
@Suite("Duration.inSeconds")
struct DurationSecondsTests {
    @Test(
        "Duration.inSeconds",
        arguments: [
            (Duration.milliseconds(1500), 1.5), (.seconds(3), 3), (.zero, 0), (.microseconds(-250_000), -0.25),
            (Duration(secondsComponent: 2, attosecondsComponent: 250_000_000_000_000_000), 2.25),
        ])
    func inSeconds(duration: Duration, seconds: Double) {
        #expect(duration.inSeconds == seconds)
    }
}
