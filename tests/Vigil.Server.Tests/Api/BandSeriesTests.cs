using Vigil.Core.Series;
using Vigil.Detection;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Robust;
using Vigil.Server.Api;

namespace Vigil.Server.Tests.Api;

/// <summary>The band's detector run and reduction, without a server.</summary>
public sealed class BandSeriesTests
{
    private static Sample[] Noisy(int count, long stepMs, int seed, Func<int, double>? spike = null)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new Sample(i * stepMs, 100 + (10 * Math.Sin(i / 40.0)) + random.NextDouble() + (spike?.Invoke(i) ?? 0)))];
    }

    [Fact]
    public void Detect_WarmupBeforeWindow_ReturnsOnlyWindowPoints()
    {
        var samples = Noisy(1000, 15_000, seed: 1);
        var points = BandSeries.Detect(samples, fromMs: 500 * 15_000, isCounter: false, new EnsembleDetector());
        Assert.Equal(500, points.Count);
        Assert.Equal(500 * 15_000, points[0].TimestampMs);
        // Warmed up: every point in the window has a band around an expected value.
        Assert.All(points, p => Assert.True(p.Lower <= p.Expected && p.Expected <= p.Upper, p.ToString()));
    }

    [Fact]
    public void Detect_Counter_FeedsPerSecondRateAndSkipsReset()
    {
        // +30 per 15 s = 2/s, a reset to 0 then +30 again.
        double[] values = [0, 30, 60, 90, 0, 30];
        var samples = values.Select((v, i) => new Sample(i * 15_000L, v)).ToArray();
        var points = BandSeries.Detect(samples, 0, isCounter: true, new RobustDetector());
        Assert.Equal(new double[] { 2, 2, 2, 0, 2 }, points.Select(p => p.Value));
    }

    [Fact]
    public void Downsample_SevenDaysAt15s_AtMost2000PointsAndSpikeSurvives()
    {
        const int count = 7 * 24 * 240; // 40,320
        var samples = Noisy(count, 15_000, seed: 2, spike: i => i == 30_000 ? 500 : 0);
        var points = BandSeries.Detect(samples, 0, false, new EnsembleDetector());
        var reduced = BandSeries.Downsample(points, 2000, DetectorCatalog.DefaultThreshold);
        Assert.InRange(reduced.Count, 1900, 2000);
        Assert.Contains(reduced, p => p.Value > 500);
        Assert.Contains(BandSeries.Anomalies(points, DetectorCatalog.DefaultThreshold, 500), p => p.TimestampMs == 30_000L * 15_000);
    }

    [Fact]
    public void Downsample_Bucket_KeepsLowestLowerHighestUpperAndMeans()
    {
        BandPoint[] points = [new(0, 1, 10, 5, 15, 0.1), new(1, 3, 20, 4, 16, 0.2), new(2, 5, 30, 6, 14, 0.3), new(3, 7, 40, 3, 17, 0.1)];
        var reduced = BandSeries.Downsample(points, 2, threshold: 0.9);
        Assert.Equal([new BandPoint(0, 2, 15, 4, 16, 0.2), new BandPoint(2, 6, 35, 3, 17, 0.3)], reduced);
    }

    [Fact]
    public void Anomalies_MoreThanMax_KeepsHighestInTimeOrder()
    {
        BandPoint[] points = [new(0, 0, 0, 0, 0, 0.9), new(1, 0, 0, 0, 0, 0.5), new(2, 0, 0, 0, 0, 0.95), new(3, 0, 0, 0, 0, 0.1)];
        Assert.Equal([0L, 2L], BandSeries.Anomalies(points, 0.48, 2).Select(p => p.TimestampMs));
    }
}
