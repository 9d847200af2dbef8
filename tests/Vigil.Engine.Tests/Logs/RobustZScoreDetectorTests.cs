using Vigil.Engine.Logs;

namespace Vigil.Engine.Tests.Logs;

public sealed class RobustZScoreDetectorTests
{
    private static double[] Noise(int n, double level, double sigma, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Box–Muller: normal noise around the level.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = level + (sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    [Fact]
    public void Update_NormalNoise_FlagsNothing()
    {
        var detector = new RobustZScoreDetector();

        var flagged = Noise(5000, 100, 5, seed: 1).Count(v => detector.Update(v).IsAnomaly);

        // P(|z| > 6) for normal data is ~2e-9; a handful would mean the MAD estimate is off.
        Assert.Equal(0, flagged);
    }

    [Fact]
    public void Update_Spike_FlaggedWithBandAroundLevel()
    {
        var detector = new RobustZScoreDetector();
        foreach (var v in Noise(200, 100, 5, seed: 2))
        {
            detector.Update(v);
        }

        var verdict = detector.Update(200);

        Assert.True(verdict.IsAnomaly);
        Assert.InRange(verdict.Expected, 95, 105);
        Assert.InRange(verdict.Upper, 115, 160);
        Assert.True(verdict.Severity >= 25);
        Assert.InRange(verdict.Score, 0.5, 1.0);
    }

    [Fact]
    public void Update_LevelShift_FlaggedThenAbsorbed()
    {
        var detector = new RobustZScoreDetector();
        foreach (var v in Noise(200, 100, 2, seed: 3))
        {
            detector.Update(v);
        }
        var after = Noise(200, 150, 2, seed: 4).Select(v => detector.Update(v).IsAnomaly).ToArray();

        Assert.True(after[0]);
        // Once half the window holds the new level the median moves and the shift becomes normal.
        Assert.False(after[^1]);
        Assert.True(after.Count(a => a) < RobustZScoreDetector.Window);
    }

    [Fact]
    public void Update_ConstantSeries_NoDivisionByZeroAndSmallWiggleIsNotInfinite()
    {
        var detector = new RobustZScoreDetector();
        for (var i = 0; i < 100; i++)
        {
            Assert.False(detector.Update(42).IsAnomaly);
        }

        var verdict = detector.Update(42.001);

        Assert.False(verdict.IsAnomaly);
        Assert.True(double.IsFinite(verdict.Score));
    }

    [Fact]
    public void Update_DuringWarmUp_NeverAnomalous()
    {
        var detector = new RobustZScoreDetector();
        detector.Update(1);

        Assert.False(detector.Update(1e9).IsAnomaly);
    }

    [Fact]
    public void Update_NaN_IgnoredWithoutDisturbingState()
    {
        var detector = new RobustZScoreDetector();
        foreach (var v in Noise(100, 10, 1, seed: 5))
        {
            detector.Update(v);
        }

        Assert.Equal(default, detector.Update(double.NaN));
        Assert.True(detector.Update(100).IsAnomaly);
    }

    [Fact]
    public void Update_RandomStream_ExpectedIsMedianOfPreviousWindow()
    {
        var detector = new RobustZScoreDetector();
        var random = new Random(11);
        var history = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            // Small integers: many ties, the hard case for keeping the window sorted.
            var value = random.Next(0, 20) * (i % 500 == 0 ? 100 : 1);
            var verdict = detector.Update(value);
            if (history.Count > 0)
            {
                var window = history.TakeLast(RobustZScoreDetector.Window).Order().ToArray();
                var n = window.Length;
                var median = n % 2 == 1 ? window[n / 2] : 0.5 * (window[(n / 2) - 1] + window[n / 2]);
                Assert.Equal(median, verdict.Expected);
            }
            history.Add(value);
        }
    }
}
