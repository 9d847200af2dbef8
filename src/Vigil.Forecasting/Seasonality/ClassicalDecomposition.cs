namespace Vigil.Forecasting.Seasonality;

/// <summary>
/// Classical decomposition as R's <c>decompose</c> computes it (centred moving-average trend, seasonal figure = mean
/// of the detrended values per phase, normalised), and the 90% autocorrelation seasonality test of the M4 benchmarks.
/// </summary>
internal static class ClassicalDecomposition
{
    /// <summary>
    /// The M4 benchmarks' test: seasonal when |acf(m)| exceeds 1.645·sqrt((1 + 2·Σ_{i&lt;m} acf(i)²)/n);
    /// never seasonal with fewer than three full seasons.
    /// </summary>
    public static bool IsSeasonal(ReadOnlySpan<double> y, int period)
    {
        if (period < 2 || y.Length < 3 * period)
        {
            return false;
        }
        var acf = Autocorrelation.Compute(y, period);
        var sum = 1.0;
        for (var i = 1; i < period; i++)
        {
            sum += 2 * acf[i] * acf[i];
        }
        var limit = 1.645 / Math.Sqrt(y.Length) * Math.Sqrt(sum);
        return Math.Abs(acf[period]) > limit;
    }

    /// <summary>
    /// The seasonal figure (length <paramref name="period"/>, phase 0 = the first observation's phase):
    /// multiplicative indices averaging 1, or additive effects averaging 0.
    /// </summary>
    public static double[] SeasonalFigure(ReadOnlySpan<double> y, int period, bool multiplicative)
    {
        var n = y.Length;
        var trend = CentredMovingAverage(y, period);
        var sums = new double[period];
        var counts = new int[period];
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(trend[i]))
            {
                continue;
            }
            var detrended = multiplicative ? y[i] / trend[i] : y[i] - trend[i];
            sums[i % period] += detrended;
            counts[i % period]++;
        }
        var figure = new double[period];
        var mean = 0.0;
        for (var j = 0; j < period; j++)
        {
            figure[j] = counts[j] > 0 ? sums[j] / counts[j] : (multiplicative ? 1 : 0);
            mean += figure[j];
        }
        mean /= period;
        for (var j = 0; j < period; j++)
        {
            figure[j] = multiplicative ? figure[j] / mean : figure[j] - mean;
        }
        return figure;
    }

    /// <summary>Centred moving average over one period (2×m for even m), NaN where the window does not fit. O(n).</summary>
    public static double[] CentredMovingAverage(ReadOnlySpan<double> y, int period)
    {
        var result = new double[y.Length];
        CentredMovingAverage(y, period, result);
        return result;
    }

    /// <summary>Writes the centred moving average of <paramref name="y"/> into <paramref name="result"/> (same length).</summary>
    public static void CentredMovingAverage(ReadOnlySpan<double> y, int period, Span<double> result)
    {
        var n = y.Length;
        result[..n].Fill(double.NaN);
        var half = period / 2;
        if (n <= 2 * half)
        {
            return;
        }
        var even = period % 2 == 0;
        // Running sum of y[t-half+1 .. t+half-1] (even) or y[t-half .. t+half] (odd).
        var lo = even ? 1 - half : -half;
        var hi = even ? half - 1 : half;
        var s = 0.0;
        for (var j = half + lo; j <= half + hi; j++)
        {
            s += y[j];
        }
        for (var t = half; t < n - half; t++)
        {
            if (t > half)
            {
                s += y[t + hi] - y[t - 1 + lo];
            }
            var total = even ? s + (0.5 * (y[t - half] + y[t + half])) : s;
            result[t] = total / period;
        }
    }
}
