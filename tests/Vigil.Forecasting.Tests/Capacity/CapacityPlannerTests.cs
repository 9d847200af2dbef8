using Vigil.Forecasting.Capacity;

namespace Vigil.Forecasting.Tests.Capacity;

public sealed class CapacityPlannerTests
{
    [Fact]
    public void TimeToLimit_LinearFill_MedianNearTrueCrossing()
    {
        // Disk grows 1 unit/hour from 100 with noise sd 2; limit 700 is reached 300 hours after the 300th point.
        var y = Simulated.Noise(300, seed: 40, sd: 2).Select((v, t) => 100 + t + v).ToArray();
        var estimate = new CapacityPlanner(new CapacityOptions { HorizonSteps = 1000 }).TimeToLimit(y, 700);
        Assert.Equal(ExhaustionOutcome.Expected, estimate.Outcome);
        Assert.InRange(estimate.MedianSteps!.Value, 270, 330);
        Assert.True(estimate.LowerSteps <= estimate.MedianSteps && estimate.MedianSteps <= (estimate.UpperSteps ?? double.MaxValue));
        Assert.InRange(301, estimate.LowerSteps!.Value, estimate.UpperSteps ?? double.MaxValue);
    }

    [Fact]
    public void TimeToLimit_SeasonalFill_CrossesOnTheFirstDailyPeakAboveTheLimit()
    {
        // Trend 0.5/hour plus a daily swing of ±20: the limit is first touched near a daily peak, before the trend alone reaches it.
        var noise = Simulated.Noise(24 * 20, seed: 41, sd: 1);
        var y = noise.Select((v, t) => 100 + (0.5 * t) + (20 * Math.Sin(2 * Math.PI * t / 24)) + v).ToArray();
        var n = y.Length;
        const double limit = 400;
        var trendOnly = (limit - 100) / 0.5 - (n - 1);
        var estimate = new CapacityPlanner(new CapacityOptions { HorizonSteps = 24 * 30 }).TimeToLimit(y, limit);
        Assert.Equal(ExhaustionOutcome.Expected, estimate.Outcome);
        Assert.InRange(estimate.MedianSteps!.Value, trendOnly - 48, trendOnly);
    }

    [Fact]
    public void TimeToLimit_FlatSeries_NotExpected()
    {
        var y = Simulated.Noise(500, seed: 42).Select(v => 50 + v).ToArray();
        var estimate = new CapacityPlanner(new CapacityOptions { HorizonSteps = 200 }).TimeToLimit(y, 100);
        Assert.Equal(ExhaustionOutcome.NotExpected, estimate.Outcome);
        Assert.Null(estimate.MedianSteps);
    }

    [Fact]
    public void TimeToLimit_AlreadyAboveLimit_AlreadyExceeded()
    {
        double[] y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var estimate = new CapacityPlanner().TimeToLimit(y, 12);
        Assert.Equal(ExhaustionOutcome.AlreadyExceeded, estimate.Outcome);
    }

    [Fact]
    public void TimeToLimit_FallingFreeSpace_CrossesZero()
    {
        // Free space falls 2/hour from 1000: zero 500 hours after the start, 300 after the 200th point.
        var y = Simulated.Noise(200, seed: 43).Select((v, t) => 1000 - (2.0 * t) + v).ToArray();
        var estimate = new CapacityPlanner(new CapacityOptions { HorizonSteps = 1000 }).TimeToLimit(y, 0);
        Assert.InRange(estimate.MedianSteps!.Value, 280, 320);
    }

    [Fact]
    public void TimeToLimit_LimitSeries_UsesTheProjectedLimit()
    {
        // Usage grows 2/hour, the limit 1/hour: the gap left at the last point (301) closes at 1/hour.
        var usage = Simulated.Noise(200, seed: 44).Select((v, t) => 100 + (2.0 * t) + v).ToArray();
        var limit = Simulated.Noise(200, seed: 45).Select((v, t) => 600 + (1.0 * t) + v).ToArray();
        var estimate = new CapacityPlanner(new CapacityOptions { HorizonSteps = 1000 }).TimeToLimit(usage, limit);
        Assert.InRange(estimate.MedianSteps!.Value, 270, 330);
    }

    [Fact]
    public void Describe_Expected_SaysDaysAndInterval()
    {
        var estimate = new ExhaustionEstimate(ExhaustionOutcome.Expected, 72, 48, 96, 80, 0.99, 720);
        Assert.Equal("exhausted in about 3 days (80% interval 2–4 days)", estimate.Describe(TimeSpan.FromHours(1)));
    }
}
