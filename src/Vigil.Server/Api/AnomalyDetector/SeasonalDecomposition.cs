namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>
/// The batch model behind entire and last detection: period by autocorrelation, then a robust decomposition
/// value = trend + seasonal + residual with medians throughout, so that the anomalies being looked for do not bend the
/// expected values around them. The whole series is known, so each point's expectation uses points on both sides
/// (the spec's "points before and after a certain point are used").
/// </summary>
internal static class SeasonalDecomposition
{
    /// <summary>Width of the moving median (the point and its neighbours; the point itself left out) that follows the level once the seasonal profile is removed.</summary>
    public const int TrendWindow = 7;

    private const double MinCorrelation = 0.3;
    private const double MinProminence = 0.2;
    private const double Fundamental = 0.85;

    /// <summary>
    /// The period in points, or 0: the shortest autocorrelation peak (of the linearly detrended, spike-clipped series;
    /// a peak is the maximum within a quarter of its lag either side) that reaches 85 % of the strongest one, provided the strongest correlates at least 0.3 and rises 0.2 above the
    /// dip before it (a trend or a random walk correlates at every lag without a dip).
    /// </summary>
    public static int DetectPeriod(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var maxLag = n / 2;
        if (maxLag < 3)
        {
            return 0;
        }
        var x = Detrended(values);
        double energy = 0;
        foreach (var v in x)
        {
            energy += v * v;
        }
        if (energy <= 0)
        {
            return 0;
        }
        var r = new double[maxLag + 2];
        for (var lag = 1; lag <= maxLag + 1 && lag < n; lag++)
        {
            double sum = 0;
            for (var t = 0; t + lag < n; t++)
            {
                sum += x[t] * x[t + lag];
            }
            // Normalised per pair: the usual (biased) estimate shrinks long lags, which in a short series can put the
            // peak one lag early (48 monthly points: 11 instead of 12).
            r[lag] = sum / (n - lag) / (energy / n);
        }
        var best = 0.0;
        var peaks = new List<int>();
        var dip = r[1];
        for (var lag = 2; lag <= maxLag && lag + 1 < r.Length; lag++)
        {
            dip = Math.Min(dip, r[lag]);
            if (r[lag] >= MinCorrelation && r[lag] - dip >= MinProminence && IsPeak(r, lag))
            {
                peaks.Add(lag);
                best = Math.Max(best, r[lag]);
            }
        }
        foreach (var lag in peaks)
        {
            if (r[lag] >= Fundamental * best)
            {
                return Refine(values, lag);
            }
        }
        return 0;
    }

    /// <summary>
    /// The highest correlation within a quarter of the lag either side: a ripple riding on the slope towards the true
    /// peak is a local maximum too, but not this wide a one.
    /// </summary>
    private static bool IsPeak(double[] r, int lag)
    {
        var reach = Math.Max(1, lag / 4);
        for (var k = Math.Max(1, lag - reach); k <= Math.Min(r.Length - 1, lag + reach); k++)
        {
            if (r[k] > r[lag] || (r[k] == r[lag] && k < lag))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The lag near the autocorrelation peak (within 1/16 of it) whose decomposition leaves the smallest residuals: a
    /// long period's peak is flat, and noise or a short ripple moves its top by a few lags (288 five-minute points
    /// with a ripple: 290). Coarse steps first, then every lag around the best, so the cost stays near 25 decompositions.
    /// </summary>
    private static int Refine(ReadOnlySpan<double> values, int lag)
    {
        var reach = Math.Max(1, lag / 16);
        var stride = Math.Max(1, reach / 8);
        var (bestLag, bestSpread) = (lag, Spread(values, lag));
        for (var candidate = lag - reach; candidate <= lag + reach; candidate += stride)
        {
            Consider(values, candidate, ref bestLag, ref bestSpread);
        }
        var coarse = bestLag;
        for (var candidate = coarse - stride + 1; candidate < coarse + stride; candidate++)
        {
            Consider(values, candidate, ref bestLag, ref bestSpread);
        }
        return bestLag;
    }

    private static void Consider(ReadOnlySpan<double> values, int candidate, ref int bestLag, ref double bestSpread)
    {
        if (candidate < 2 || candidate > values.Length / 2 || candidate == bestLag)
        {
            return;
        }
        var spread = Spread(values, candidate);
        if (spread < bestSpread)
        {
            (bestLag, bestSpread) = (candidate, spread);
        }
    }

    /// <summary>Residual spread around one-period level plus seasonal profile (no short trend smoother, which would hide a misaligned profile).</summary>
    private static double Spread(ReadOnlySpan<double> values, int period)
    {
        var profile = SeasonalProfile(values, period);
        if (profile.Length == 0)
        {
            return double.PositiveInfinity;
        }
        var level = RobustStatistics.MovingMedian(values, period);
        var residuals = new double[values.Length];
        for (var i = 0; i < residuals.Length; i++)
        {
            residuals[i] = values[i] - level[i] - profile[i % period];
        }
        return RobustStatistics.Mad(residuals);
    }

    /// <summary>The seasonal profile (mean zero), one value per phase, phase 0 at the first point; empty when <paramref name="period"/> &lt; 2.</summary>
    public static double[] SeasonalProfile(ReadOnlySpan<double> values, int period)
    {
        if (period < 2 || values.Length < 2 * period)
        {
            return [];
        }
        // A moving median one period wide holds a whole cycle, so it is the level without the season.
        var level = RobustStatistics.MovingMedian(values, period);
        var profile = new double[period];
        var phase = new List<double>((values.Length / period) + 1);
        for (var p = 0; p < period; p++)
        {
            phase.Clear();
            for (var i = p; i < values.Length; i += period)
            {
                phase.Add(values[i] - level[i]);
            }
            profile[p] = RobustStatistics.Median(phase.ToArray());
        }
        var mean = profile.Average();
        for (var p = 0; p < period; p++)
        {
            profile[p] -= mean;
        }
        return profile;
    }

    /// <summary>The expected value of every point: a moving median of its deseasonalised neighbours plus the seasonal profile.</summary>
    public static double[] Expected(ReadOnlySpan<double> values, int period)
    {
        var profile = SeasonalProfile(values, period);
        var deseasonalised = values.ToArray();
        if (profile.Length > 0)
        {
            for (var i = 0; i < deseasonalised.Length; i++)
            {
                deseasonalised[i] -= profile[i % profile.Length];
            }
        }
        var expected = RobustStatistics.MovingMedianOfNeighbours(deseasonalised, TrendWindow);
        if (profile.Length > 0)
        {
            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] += profile[i % profile.Length];
            }
        }
        return expected;
    }

    private static double[] Detrended(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        double meanT = (n - 1) / 2.0, meanY = 0;
        foreach (var v in values)
        {
            meanY += v;
        }
        meanY /= n;
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (i - meanT) * (values[i] - meanY);
            sxx += (i - meanT) * (i - meanT);
        }
        var slope = sxx > 0 ? sxy / sxx : 0;
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = values[i] - meanY - (slope * (i - meanT));
        }
        // Clip spikes at 4 σ (robust) so that one outlier does not dominate the correlation.
        var median = RobustStatistics.Median(x);
        var sigma = RobustStatistics.MadToSigma * RobustStatistics.Mad(x);
        if (sigma > 0)
        {
            for (var i = 0; i < n; i++)
            {
                x[i] = Math.Clamp(x[i], median - (4 * sigma), median + (4 * sigma));
            }
        }
        var mean = x.Average();
        for (var i = 0; i < n; i++)
        {
            x[i] -= mean;
        }
        return x;
    }
}
