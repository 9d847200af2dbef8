using System.Buffers;

namespace Vigil.Forecasting.Seasonality;

/// <summary>
/// Additive decomposition into one seasonal profile per period plus a seasonally adjusted rest (trend + remainder).
/// Each profile is a recency-weighted, outlier-clipped mean of the detrended values at each phase, so the profile
/// projected into the future follows the most recent cycles; the periods are refined in turn (backfitting), as MSTL does.
/// </summary>
internal sealed class MultiSeasonalDecomposition
{
    private const int Passes = 2;

    /// <summary>Detrended values further than this many robust standard deviations from the median are clipped.</summary>
    private const double ClipSigmas = 6;

    /// <summary>How many recent cycles set the clipping bands.</summary>
    private const int BandCycles = 8;

    private readonly int[] _periods;
    private readonly double[][] _profiles;

    private MultiSeasonalDecomposition(int[] periods, double[][] profiles, double[] adjusted)
    {
        _periods = periods;
        _profiles = profiles;
        Adjusted = adjusted;
    }

    /// <summary>The series minus all seasonal profiles.</summary>
    public double[] Adjusted { get; }

    /// <summary>The summed seasonal effect at time index <paramref name="t"/> (0 = first observation; may lie in the future).</summary>
    public double SeasonalAt(int t)
    {
        var s = 0.0;
        for (var i = 0; i < _periods.Length; i++)
        {
            s += _profiles[i][t % _periods[i]];
        }
        return s;
    }

    /// <summary>Decomposes <paramref name="y"/>; periods without two full cycles in the data are skipped.</summary>
    /// <param name="y">The series.</param>
    /// <param name="periods">Seasonal periods in ascending order.</param>
    /// <param name="cycles">Effective number of recent cycles each profile averages over (weights decay by 1 - 1/cycles per cycle).</param>
    public static MultiSeasonalDecomposition Fit(ReadOnlySpan<double> y, IReadOnlyList<int> periods, double cycles)
    {
        var n = y.Length;
        var used = new List<int>();
        foreach (var p in periods)
        {
            if (p >= 2 && n >= 2 * p)
            {
                used.Add(p);
            }
        }
        var ps = used.ToArray();
        var profiles = new double[ps.Length][];
        for (var i = 0; i < ps.Length; i++)
        {
            profiles[i] = new double[ps[i]];
        }

        // Scratch buffers are pooled: on a 43,200-point series each is a large-object-heap array, and a forecast
        // decomposes about twenty times (candidates × held-out windows).
        var workBuffer = ArrayPool<double>.Shared.Rent(n);
        var detrendedBuffer = ArrayPool<double>.Shared.Rent(n);
        var trendBuffer = ArrayPool<double>.Shared.Rent(n);
        var work = workBuffer.AsSpan(0, n);
        var detrended = detrendedBuffer.AsSpan(0, n);
        var trend = trendBuffer.AsSpan(0, n);
        for (var pass = 0; pass < (ps.Length > 1 ? Passes : 1); pass++)
        {
            for (var i = 0; i < ps.Length; i++)
            {
                // work = y minus the other periods' current profiles.
                for (var t = 0; t < n; t++)
                {
                    var other = 0.0;
                    for (var j = 0; j < ps.Length; j++)
                    {
                        if (j != i)
                        {
                            other += profiles[j][t % ps[j]];
                        }
                    }
                    work[t] = y[t] - other;
                }
                Trend(work, ps[i], trend);
                for (var t = 0; t < n; t++)
                {
                    detrended[t] = work[t] - trend[t];
                }
                profiles[i] = Profile(detrended, ps[i], cycles);
            }
        }

        ArrayPool<double>.Shared.Return(workBuffer);
        ArrayPool<double>.Shared.Return(detrendedBuffer);
        ArrayPool<double>.Shared.Return(trendBuffer);

        var adjusted = new double[n];
        var result = new MultiSeasonalDecomposition(ps, profiles, adjusted);
        for (var t = 0; t < n; t++)
        {
            adjusted[t] = y[t] - result.SeasonalAt(t);
        }
        return result;
    }

    /// <summary>Centred moving average, extended linearly over the half-periods at both ends.</summary>
    private static void Trend(ReadOnlySpan<double> y, int period, Span<double> trend)
    {
        var n = y.Length;
        ClassicalDecomposition.CentredMovingAverage(y, period, trend);
        var half = period / 2;
        var first = half;
        var last = n - half - 1;
        var span = Math.Min(period, last - first);
        var slopeEnd = span > 0 ? (trend[last] - trend[last - span]) / span : 0;
        var slopeStart = span > 0 ? (trend[first + span] - trend[first]) / span : 0;
        for (var t = 0; t < first; t++)
        {
            trend[t] = trend[first] - (slopeStart * (first - t));
        }
        for (var t = last + 1; t < n; t++)
        {
            trend[t] = trend[last] + (slopeEnd * (t - last));
        }
    }

    private static double[] Profile(ReadOnlySpan<double> detrended, int period, double cycles)
    {
        var n = detrended.Length;
        var (center, halfWidth) = ClipBands(detrended, period);
        var decay = cycles <= 1 ? 0 : 1 - (1 / cycles);
        var sums = new double[period];
        var weights = new double[period];
        // Walk back from the last observation: the weight drops by `decay` for each full cycle of age.
        var w = 1.0;
        for (var t = n - 1; t >= 0; t--)
        {
            var age = n - 1 - t;
            if (age > 0 && age % period == 0)
            {
                w *= decay;
                if (w < 1e-4)
                {
                    break;
                }
            }
            var phase = t % period;
            var v = Math.Clamp(detrended[t], center[phase] - halfWidth, center[phase] + halfWidth);
            sums[phase] += w * v;
            weights[phase] += w;
        }
        var profile = new double[period];
        var mean = 0.0;
        for (var j = 0; j < period; j++)
        {
            profile[j] = weights[j] > 0 ? sums[j] / weights[j] : 0;
            mean += profile[j];
        }
        mean /= period;
        for (var j = 0; j < period; j++)
        {
            profile[j] -= mean;
        }
        return profile;
    }

    /// <summary>
    /// Per-phase medians and a common clipping half-width of <see cref="ClipSigmas"/> robust deviations of the values
    /// around their phase's median: the seasonal swing itself is never clipped, only values unusual for their phase.
    /// </summary>
    private static (double[] Center, double HalfWidth) ClipBands(ReadOnlySpan<double> detrended, int period)
    {
        // The bands only need the recent cycles, which carry nearly all the profile's weight: on a 30-day series of
        // minutes, all 43,200 points made the decomposition 3× slower for the same profile.
        var n = detrended.Length;
        var first = Math.Max(0, n - (BandCycles * period));
        var center = new double[period];
        var buffer = new double[BandCycles + 1];
        for (var j = 0; j < period; j++)
        {
            var count = 0;
            // First index at or after `first` with phase j.
            var start = first + ((j - (first % period) + period) % period);
            for (var t = start; t < n && count < buffer.Length; t += period)
            {
                buffer[count++] = detrended[t];
            }
            center[j] = count == 0 ? 0 : Robust.Median(buffer.AsSpan(0, count));
        }
        var residualsBuffer = ArrayPool<double>.Shared.Rent(n - first);
        var residuals = residualsBuffer.AsSpan(0, n - first);
        for (var t = first; t < n; t++)
        {
            residuals[t - first] = Math.Abs(detrended[t] - center[t % period]);
        }
        // Median in place: the buffer is scratch.
        residuals.Sort();
        var m = residuals.Length;
        var mad = (m == 0 ? 0 : m % 2 == 1 ? residuals[m / 2] : 0.5 * (residuals[(m / 2) - 1] + residuals[m / 2])) * 1.4826;
        ArrayPool<double>.Shared.Return(residualsBuffer);
        return (center, mad > 0 ? ClipSigmas * mad : double.PositiveInfinity);
    }
}
