namespace Vigil.Forecasting;

/// <summary>Robust location and scale estimates.</summary>
internal static class Robust
{
    /// <summary>The median of the non-NaN values (NaN when there are none).</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        var copy = new double[values.Length];
        var count = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                copy[count++] = v;
            }
        }
        if (count == 0)
        {
            return double.NaN;
        }
        var span = copy.AsSpan(0, count);
        span.Sort();
        return count % 2 == 1 ? span[count / 2] : 0.5 * (span[(count / 2) - 1] + span[count / 2]);
    }

    /// <summary>The median absolute deviation from <paramref name="center"/> (unscaled).</summary>
    public static double MedianAbsoluteDeviation(ReadOnlySpan<double> values, double center)
    {
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - center);
        }
        return Median(deviations);
    }

    /// <summary>The <paramref name="p"/>-quantile (0..1) by linear interpolation between order statistics (R type 7).</summary>
    public static double Quantile(ReadOnlySpan<double> values, double p)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
