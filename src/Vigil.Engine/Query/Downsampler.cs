using Vigil.Core.Series;

namespace Vigil.Engine.Query;

/// <summary>Reduces samples to one point per step, at the step's end (<c>from + k·step</c>), as a range query does.</summary>
public static class Downsampler
{
    /// <summary>
    /// One point per step bucket (t − step, t] for t = from, from + step, … ≤ to; buckets without samples are left out.
    /// NaN samples (including stale markers) are skipped.
    /// </summary>
    public static IReadOnlyList<Sample> Apply(IReadOnlyList<Sample> samples, long fromMs, long toMs, long stepMs, Aggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        var result = new List<Sample>();
        var i = 0;
        while (i < samples.Count && samples[i].TimestampMs <= fromMs - stepMs)
        {
            i++;
        }
        for (var t = fromMs; t <= toMs; t += stepMs)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity, last = double.NaN;
            var n = 0;
            for (; i < samples.Count && samples[i].TimestampMs <= t; i++)
            {
                var v = samples[i].Value;
                if (double.IsNaN(v))
                {
                    continue;
                }
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                last = v;
                n++;
            }
            if (n == 0)
            {
                continue;
            }
            result.Add(new Sample(t, aggregation switch
            {
                Aggregation.Avg => sum / n,
                Aggregation.Min => min,
                Aggregation.Max => max,
                _ => last,
            }));
        }
        return result;
    }
}
