using Vigil.Forecasting.Capacity;

namespace Vigil.Forecasting.Tests.Capacity;

public sealed class DegradationDetectorTests
{
    [Fact]
    public void Detect_MemoryLeakStartingMidway_DegradingWithBreakNearStart()
    {
        // Flat at 500 with a daily swing, then +0.5/hour from hour 400 on.
        var noise = Simulated.Noise(24 * 30, seed: 50, sd: 3);
        var y = noise.Select((v, t) => 500 + (10 * Math.Sin(2 * Math.PI * t / 24)) + (t >= 400 ? 0.5 * (t - 400) : 0) + v).ToArray();
        var finding = new DegradationDetector(new CapacityOptions { HorizonSteps = 24 * 60 }).Detect(y, limit: 1000);
        Assert.Equal(DegradationOutcome.Degrading, finding.Outcome);
        Assert.InRange(finding.ChangeIndex, 370, 430);
        Assert.InRange(finding.SlopeAfter, 0.4, 0.6);
        // 1000 is reached at hour 400 + 1000 = 1400, i.e. ~680 hours after the last point (719).
        Assert.NotNull(finding.TimeToLimit);
        Assert.InRange(finding.TimeToLimit!.MedianSteps!.Value, 600, 760);
    }

    [Fact]
    public void Detect_StationarySeries_Stable()
    {
        var noise = Simulated.Noise(24 * 30, seed: 51, sd: 3);
        var y = noise.Select((v, t) => 500 + (10 * Math.Sin(2 * Math.PI * t / 24)) + v).ToArray();
        Assert.Equal(DegradationOutcome.Stable, new DegradationDetector().Detect(y).Outcome);
    }
}
