namespace Vigil.Detection.Tests;

/// <summary>Deterministic synthetic series (fixed seeds) with known anomalies.</summary>
internal static class Synthetic
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Points every <paramref name="step"/>: a daily sine of <paramref name="amplitude"/> around 100 plus Gaussian noise.</summary>
    public static (DateTime[] Time, double[] Value) Series(int n, TimeSpan step, double amplitude, double noise, int seed = 42)
    {
        var random = new Random(seed);
        var t = new DateTime[n];
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            t[i] = Start + (step * i);
            var phase = 2 * Math.PI * (t[i] - Start).TotalDays;
            v[i] = 100 + (amplitude * Math.Sin(phase)) + (noise * Gaussian(random));
        }
        return (t, v);
    }

    public static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double[] Run(IStreamingDetector detector, DateTime[] time, double[] value)
    {
        var scores = new double[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            scores[i] = detector.Update(time[i], value[i]).Score;
        }
        return scores;
    }

    /// <summary>Max score in [from, to) and max score elsewhere from <paramref name="warmUp"/> on.</summary>
    public static (double Inside, double Outside) Max(double[] scores, int from, int to, int warmUp)
    {
        double inside = 0, outside = 0;
        for (var i = warmUp; i < scores.Length; i++)
        {
            if (i >= from && i < to)
            {
                inside = Math.Max(inside, scores[i]);
            }
            else
            {
                outside = Math.Max(outside, scores[i]);
            }
        }
        return (inside, outside);
    }
}
