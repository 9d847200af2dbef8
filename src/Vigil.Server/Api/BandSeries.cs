using Vigil.Core.Series;
using Vigil.Detection;

namespace Vigil.Server.Api;

/// <summary>One point of a series with what the detector made of it.</summary>
/// <param name="TimestampMs">Unix milliseconds.</param>
/// <param name="Value">The observed value (per-second rate for counters).</param>
/// <param name="Expected">What the detector expected.</param>
/// <param name="Lower">Lower edge of the normal band.</param>
/// <param name="Upper">Upper edge of the normal band.</param>
/// <param name="Score">Anomaly score in [0, 1].</param>
internal readonly record struct BandPoint(long TimestampMs, double Value, double Expected, double Lower, double Upper, double Score);

/// <summary>
/// Runs a detector over stored samples (warm-up first, then the window) and reduces the result to at most a few
/// thousand points, so a browser can draw a week of a 15 s series.
/// </summary>
internal static class BandSeries
{
    /// <summary>
    /// Feeds <paramref name="samples"/> (time order) to <paramref name="detector"/>, counters as their per-second
    /// rate (a drop counts as a reset from zero, as the shards do), and returns the points at or after
    /// <paramref name="fromMs"/>: the earlier ones only warm the detector up. Stale markers and NaN are skipped.
    /// </summary>
    public static List<BandPoint> Detect(IReadOnlyList<Sample> samples, long fromMs, bool isCounter, IStreamingDetector detector)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(detector);
        var result = new List<BandPoint>();
        var havePrevious = false;
        long previousMs = 0;
        double previous = 0;
        foreach (var sample in samples)
        {
            if (double.IsNaN(sample.Value))
            {
                havePrevious = false;
                continue;
            }
            var value = sample.Value;
            if (isCounter)
            {
                if (!havePrevious || sample.TimestampMs <= previousMs)
                {
                    (havePrevious, previousMs, previous) = (true, sample.TimestampMs, sample.Value);
                    continue;
                }
                var increase = sample.Value >= previous ? sample.Value - previous : sample.Value;
                value = increase / ((sample.TimestampMs - previousMs) / 1000.0);
                (previousMs, previous) = (sample.TimestampMs, sample.Value);
            }
            var verdict = detector.Update(DateTime.UnixEpoch.AddMilliseconds(sample.TimestampMs), value);
            if (sample.TimestampMs >= fromMs)
            {
                result.Add(new BandPoint(sample.TimestampMs, value, verdict.Expected, verdict.Lower, verdict.Upper, verdict.Score));
            }
        }
        return result;
    }

    /// <summary>
    /// At most <paramref name="maxPoints"/> points: consecutive points are grouped into equal buckets; a bucket keeps
    /// its first timestamp, the mean value and expected value, the lowest lower and highest upper edge, and its
    /// highest score. Where a bucket holds a point at or above <paramref name="threshold"/>, that point's value is
    /// kept instead of the mean, so a spike survives the reduction.
    /// </summary>
    public static List<BandPoint> Downsample(IReadOnlyList<BandPoint> points, int maxPoints, double threshold)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        if (points.Count <= maxPoints)
        {
            return [.. points];
        }
        var size = (points.Count + maxPoints - 1) / maxPoints;
        var result = new List<BandPoint>((points.Count + size - 1) / size);
        for (var start = 0; start < points.Count; start += size)
        {
            var end = Math.Min(start + size, points.Count);
            double value = 0, expected = 0, lower = double.PositiveInfinity, upper = double.NegativeInfinity;
            var worst = start;
            for (var i = start; i < end; i++)
            {
                var p = points[i];
                value += p.Value;
                expected += p.Expected;
                lower = Math.Min(lower, p.Lower);
                upper = Math.Max(upper, p.Upper);
                if (p.Score > points[worst].Score)
                {
                    worst = i;
                }
            }
            var n = end - start;
            var kept = points[worst].Score >= threshold ? points[worst].Value : value / n;
            result.Add(new BandPoint(points[start].TimestampMs, kept, expected / n, lower, upper, points[worst].Score));
        }
        return result;
    }

    /// <summary>The points scoring at or above <paramref name="threshold"/>, at most <paramref name="max"/> of the highest, in time order.</summary>
    public static List<BandPoint> Anomalies(IReadOnlyList<BandPoint> points, double threshold, int max)
    {
        ArgumentNullException.ThrowIfNull(points);
        var flagged = points.Where(p => p.Score >= threshold).ToList();
        if (flagged.Count > max)
        {
            flagged = [.. flagged.OrderByDescending(p => p.Score).Take(max).OrderBy(p => p.TimestampMs)];
        }
        return flagged;
    }
}
