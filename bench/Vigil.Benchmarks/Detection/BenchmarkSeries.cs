namespace Vigil.Benchmarks.Detection;

/// <summary>A fixed 1-minute series with a daily cycle, noise and a few spikes (seed 42), shared by the detector benchmarks.</summary>
internal static class BenchmarkSeries
{
    public const int Points = 100_000;

    public static (DateTime[] Time, double[] Value) Create()
    {
        var random = new Random(42);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var time = new DateTime[Points];
        var value = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            time[i] = start.AddMinutes(i);
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            value[i] = 100 + (20 * Math.Sin(2 * Math.PI * i / 1440.0)) + (2 * noise) + (i % 9973 == 0 ? 40 : 0);
        }
        return (time, value);
    }
}
