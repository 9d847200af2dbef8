namespace Vigil.Forecasting.Seasonality;

/// <summary>
/// Detects seasonal periods from the autocorrelation function: the first period is the shortest lag with a clear
/// autocorrelation peak; each longer period is a multiple of the previous one whose peak stands out among that
/// period's harmonics (hourly data: 24, then 168 when weekdays differ; minute data: 1440, then 10080).
/// </summary>
public static class PeriodDetector
{
    /// <summary>The autocorrelation a first period's peak must reach.</summary>
    private const double MinPeak = 0.2;

    /// <summary>How far a peak must rise above the lowest autocorrelation between half its lag and its lag.</summary>
    private const double MinProminence = 0.1;

    /// <summary>
    /// How far a nested period's peak must rise above its neighbouring harmonics of the shorter period, at least;
    /// the margin also grows with the sampling noise of the autocorrelation at that lag, 1/sqrt(n − k)
    /// (with 0.02 alone, a third of M4 Hourly's series got spurious periods such as 72, 312 or 336).
    /// </summary>
    private const double MinNestedMargin = 0.02;

    /// <summary>
    /// Returns the seasonal periods of <paramref name="values"/> in ascending order (at most <paramref name="maxPeriods"/>);
    /// every period returned has at least two full cycles in the data. Missing values (NaN) must be filled first.
    /// </summary>
    /// <param name="values">The series, oldest first.</param>
    /// <param name="hint">A known shortest period (e.g. 24 for hourly data), or 0 to detect it.</param>
    /// <param name="maxPeriods">The most periods to return.</param>
    public static IReadOnlyList<int> Detect(ReadOnlySpan<double> values, int hint = 0, int maxPeriods = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPeriods);
        var n = values.Length;
        var maxLag = n / 2;
        if (maxLag < 4)
        {
            return hint >= 2 && n >= 2 * hint ? [hint] : [];
        }

        var acf = Autocorrelation.Compute(Detrend(values), maxLag);
        // The usual (biased) estimator shrinks lag k by (n-k)/n, which hides a weekly peak behind the daily ones
        // next to it (acf(168) vs acf(144) on 30 days of hourly data); undo that shrinkage before comparing peaks.
        for (var k = 1; k <= maxLag; k++)
        {
            acf[k] *= (double)n / (n - k);
        }
        var periods = new List<int>();
        if (hint >= 2)
        {
            if (hint <= maxLag)
            {
                periods.Add(hint);
            }
        }
        else
        {
            var first = FirstPeak(acf);
            if (first > 0)
            {
                periods.Add(first);
            }
        }

        while (periods.Count > 0 && periods.Count < maxPeriods)
        {
            var next = NestedPeak(acf, periods[^1], n);
            if (next == 0)
            {
                break;
            }
            periods.Add(next);
        }
        return periods;
    }

    private static int FirstPeak(double[] acf)
    {
        var maxLag = acf.Length - 1;
        for (var k = 2; k <= maxLag; k++)
        {
            if (acf[k] < MinPeak || !IsLocalMax(acf, k))
            {
                continue;
            }
            var low = double.MaxValue;
            for (var j = k / 2; j < k; j++)
            {
                low = Math.Min(low, acf[j]);
            }
            if (acf[k] - low >= MinProminence)
            {
                return Snap(acf, k);
            }
        }
        return 0;
    }

    /// <summary>The smallest multiple of <paramref name="period"/> whose peak beats the harmonics on either side.</summary>
    private static int NestedPeak(double[] acf, int period, int n)
    {
        var maxLag = acf.Length - 1;
        for (var k = 2 * period; k <= maxLag; k += period)
        {
            // Let the peak sit a step or two off the exact multiple (a period of 23.9 steps shows at 167 or 168).
            var best = k;
            var slack = Math.Max(1, k / 100);
            for (var j = Math.Max(1, k - slack); j <= Math.Min(maxLag, k + slack); j++)
            {
                if (acf[j] > acf[best])
                {
                    best = j;
                }
            }
            var before = acf[best - period];
            var after = best + period <= maxLag ? acf[best + period] : double.NegativeInfinity;
            var margin = Math.Max(MinNestedMargin, 1 / Math.Sqrt(n - best));
            if (acf[best] >= MinPeak && acf[best] > Math.Max(before, after) + margin)
            {
                return Snap(acf, best);
            }
        }
        return 0;
    }

    /// <summary>
    /// A broad peak (a smooth daily cycle sampled every minute) has a flat top where noise picks the maximum
    /// (1444 instead of 1440); among the lags on that top, prefer the one the clock would give: a multiple of
    /// 60, then 24, 12, 10, 5, else the maximum itself.
    /// </summary>
    private static int Snap(double[] acf, int peak)
    {
        const double Flat = 0.01;
        var lo = peak;
        while (lo > 2 && acf[lo - 1] >= acf[peak] - Flat)
        {
            lo--;
        }
        var hi = peak;
        while (hi < acf.Length - 1 && acf[hi + 1] >= acf[peak] - Flat)
        {
            hi++;
        }
        foreach (var unit in (ReadOnlySpan<int>)[60, 24, 12, 10, 5])
        {
            var best = 0;
            for (var k = (lo + unit - 1) / unit * unit; k <= hi; k += unit)
            {
                if (best == 0 || Math.Abs(k - peak) < Math.Abs(best - peak))
                {
                    best = k;
                }
            }
            if (best > 0 && unit < best)
            {
                return best;
            }
        }
        return peak;
    }

    private static bool IsLocalMax(double[] acf, int k)
    {
        var w = Math.Max(2, k / 10);
        var lo = Math.Max(1, k - w);
        var hi = Math.Min(acf.Length - 1, k + w);
        for (var j = lo; j <= hi; j++)
        {
            if (acf[j] > acf[k])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Removes the least-squares line so that a trend does not mask the seasonal peaks.</summary>
    private static double[] Detrend(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var (intercept, slope) = LinearFit.Fit(values);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = values[i] - (intercept + (slope * i));
        }
        return result;
    }
}
