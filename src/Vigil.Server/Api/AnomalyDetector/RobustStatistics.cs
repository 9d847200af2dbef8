namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>Medians and moving medians for the batch models: a spike moves neither.</summary>
internal static class RobustStatistics
{
    /// <summary>1.4826 × MAD estimates σ for normal noise.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        var copy = values.ToArray();
        Array.Sort(copy);
        var mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2;
    }

    /// <summary>Median absolute deviation from the median.</summary>
    public static double Mad(ReadOnlySpan<double> values)
    {
        var median = Median(values);
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - median);
        }
        return Median(deviations);
    }

    /// <summary>
    /// The median of <paramref name="window"/> points around each point; near the ends the window keeps its width and
    /// slides inwards (it never shrinks, so the first and last points are as robust as the rest).
    /// </summary>
    public static double[] MovingMedian(ReadOnlySpan<double> values, int window)
    {
        var n = values.Length;
        window = Math.Clamp(window, 1, n);
        var result = new double[n];
        var sorted = new List<double>(window);
        var start = 0;
        for (var k = 0; k < window; k++)
        {
            Insert(sorted, values[k]);
        }
        for (var i = 0; i < n; i++)
        {
            var wanted = Math.Clamp(i - (window / 2), 0, n - window);
            while (start < wanted)
            {
                sorted.RemoveAt(sorted.BinarySearch(values[start])); // present: it was inserted
                Insert(sorted, values[start + window]);
                start++;
            }
            var mid = window / 2;
            result[i] = window % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
        return result;
    }

    /// <summary>
    /// Like <see cref="MovingMedian"/> but each point's own value is left out of its window (window − 1 neighbours), so
    /// a residual is an honest out-of-sample error: with the point included, a median often returns the point itself
    /// and the residuals collapse to zero, which makes the noise look smaller than it is.
    /// </summary>
    public static double[] MovingMedianOfNeighbours(ReadOnlySpan<double> values, int window)
    {
        var n = values.Length;
        window = Math.Clamp(window, 2, Math.Max(2, n));
        var result = new double[n];
        var scratch = new double[window];
        for (var i = 0; i < n; i++)
        {
            var start = Math.Clamp(i - (window / 2), 0, Math.Max(0, n - window));
            var count = 0;
            for (var k = start; k < Math.Min(n, start + window); k++)
            {
                if (k != i)
                {
                    scratch[count++] = values[k];
                }
            }
            result[i] = count == 0 ? values[i] : Median(scratch.AsSpan(0, count));
        }
        return result;
    }

    private static void Insert(List<double> sorted, double value)
    {
        var at = sorted.BinarySearch(value);
        sorted.Insert(at >= 0 ? at : ~at, value);
    }
}
