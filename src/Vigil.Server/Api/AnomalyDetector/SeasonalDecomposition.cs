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
    /// The period in points, or 0: the shortest autocorrelation peak (of the linearly detrended, spike-clipped series)
    /// that reaches 85 % of the strongest one, provided the strongest correlates at least 0.3 and rises 0.2 above the
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
            if (r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] >= MinCorrelation && r[lag] - dip >= MinProminence)
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

    /// <summary>Of the peak lag and its two neighbours, the period whose decomposition leaves the smallest residuals.</summary>
    private static int Refine(ReadOnlySpan<double> values, int lag)
    {
        var bestLag = lag;
        var bestSpread = double.PositiveInfinity;
        for (var candidate = Math.Max(2, lag - 1); candidate <= Math.Min(values.Length / 2, lag + 1); candidate++)
        {
            var expected = Expected(values, candidate);
            var residuals = new double[values.Length];
            for (var i = 0; i < residuals.Length; i++)
            {
                residuals[i] = values[i] - expected[i];
            }
            var spread = RobustStatistics.Mad(residuals);
            if (spread < bestSpread)
            {
                (bestLag, bestSpread) = (candidate, spread);
            }
        }
        return bestLag;
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
