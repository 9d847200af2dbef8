namespace Vigil.Correlation.RootCause;

/// <summary>
/// What a series looks like in normal operation: its median and a robust scale. The scale is the largest of four
/// estimates of one standard deviation (1.4826·MAD, IQR/1.349, the 1st–99th percentile range/4.653, and 0.1% of the
/// median): a series that is constant most of the time (availability at 100 %) has a MAD of zero, yet its rare dips
/// must not make every later dip infinitely anomalous.
/// </summary>
internal readonly record struct RobustBaseline(double Median, double Scale)
{
    /// <summary>A baseline from the finite values of <paramref name="normal"/>, or null when fewer than <paramref name="minPoints"/>.</summary>
    public static RobustBaseline? Fit(ReadOnlySpan<double> normal, int minPoints)
    {
        var values = new List<double>(normal.Length);
        foreach (var v in normal)
        {
            if (double.IsFinite(v))
            {
                values.Add(v);
            }
        }
        if (values.Count < minPoints || values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var median = Quantile(values, 0.5);
        var deviations = values.Select(v => Math.Abs(v - median)).ToList();
        deviations.Sort();
        var mad = Quantile(deviations, 0.5);
        var scale = Math.Max(
            Math.Max(1.4826 * mad, (Quantile(values, 0.75) - Quantile(values, 0.25)) / 1.349),
            Math.Max((Quantile(values, 0.99) - Quantile(values, 0.01)) / 4.653, 1e-3 * Math.Abs(median)));
        return new RobustBaseline(median, Math.Max(scale, 1e-9));
    }

    /// <summary>How many scales <paramref name="value"/> lies on the bad side of the median (0 for NaN).</summary>
    public double Score(double value, MetricDirection direction)
    {
        if (!double.IsFinite(value))
        {
            return 0;
        }
        var z = (value - Median) / Scale;
        return direction switch
        {
            MetricDirection.HigherIsWorse => z,
            MetricDirection.LowerIsWorse => -z,
            _ => Math.Abs(z),
        };
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default), on sorted values.</summary>
    internal static double Quantile(List<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (position - lo));
    }
}
