namespace Vigil.Forecasting.Tests;

/// <summary>Deterministic synthetic series (fixed seeds) for the tests.</summary>
internal static class Simulated
{
    /// <summary>Standard normal draws by Box–Muller from a seeded generator.</summary>
    public static double[] Noise(int count, int seed, double sd = 1)
    {
        var random = new Random(seed);
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            result[i] = sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return result;
    }

    /// <summary>Level + daily (24) and optional weekly (168) pattern + Gaussian noise, hourly steps.</summary>
    public static double[] Hourly(int count, int seed, double level = 100, double daily = 20, double weekly = 0, double sd = 1, double slope = 0)
    {
        var noise = Noise(count, seed, sd);
        var result = new double[count];
        for (var t = 0; t < count; t++)
        {
            var weekend = (t / 24 % 7) >= 5 ? -weekly : 0;
            result[t] = level + (slope * t) + (daily * Math.Sin(2 * Math.PI * t / 24)) + weekend + noise[t];
        }
        return result;
    }
}
