namespace Vigil.Benchmarks.Forecasting;

/// <summary>Synthetic infrastructure-like series with fixed seeds.</summary>
internal static class BenchmarkSeries
{
    /// <summary>
    /// 30 days of 1-minute samples (43,200 points): a slow upward drift, a daily cycle, lower weekends and uniform noise,
    /// like a CPU or request-rate metric.
    /// </summary>
    public static double[] MinuteMetric30Days() => Create(43_200, 1440, seed: 7);

    /// <summary>40 days of hourly samples (960 points, an M4 Hourly length).</summary>
    public static double[] Hourly40Days() => Create(960, 24, seed: 8);

    private static double[] Create(int count, int stepsPerDay, int seed)
    {
        var random = new Random(seed);
        var y = new double[count];
        for (var t = 0; t < count; t++)
        {
            var day = t / stepsPerDay % 7;
            y[t] = 40 + (8.0 * t / count) + (15 * Math.Sin(2 * Math.PI * t / stepsPerDay)) + (day >= 5 ? -8 : 0) + (3 * (random.NextDouble() - 0.5));
        }
        return y;
    }
}
