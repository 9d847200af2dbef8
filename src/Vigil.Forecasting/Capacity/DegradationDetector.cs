using Vigil.Forecasting.Preprocessing;
using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting.Capacity;

/// <summary>
/// Slow degradation (memory leak, growing latency, rising error floor, wear counters) as a change of trend: the
/// seasonally adjusted series is fitted by two straight lines joined at a break; the break that minimises the squared
/// error is kept when the change of slope is large against its standard error and the new slope is material.
/// The projected time to a limit then comes from the data after the break only.
/// </summary>
public sealed class DegradationDetector
{
    /// <summary>The change of slope must exceed this many standard errors.</summary>
    private const double MinScore = 6;

    /// <summary>Each segment holds at least this share of the points.</summary>
    private const double MinSegmentShare = 0.1;

    private readonly CapacityOptions _options;

    /// <summary>Creates a detector; projections use <paramref name="options"/> (horizon, level, season hint).</summary>
    public DegradationDetector(CapacityOptions? options = null)
    {
        _options = options ?? new CapacityOptions();
        _ = new CapacityPlanner(_options);
    }

    /// <summary>Looks for a change of trend in <paramref name="values"/> (NaN = missing); projects to <paramref name="limit"/> when given.</summary>
    public DegradationFinding Detect(ReadOnlySpan<double> values, double? limit = null)
    {
        var y = SeriesRepair.Repair(values, _options.Kind, out _);
        var n = y.Length;
        var minSegment = Math.Max(5, (int)(n * MinSegmentShare));
        if (n < 2 * minSegment)
        {
            return new DegradationFinding(DegradationOutcome.Stable, 0, 0, 0, 0, null);
        }
        var periods = PeriodDetector.Detect(y, _options.SeasonHint);
        var adjusted = periods.Count > 0 ? MultiSeasonalDecomposition.Fit(y, periods, cycles: 8).Adjusted : y;

        // Prefix sums make each candidate break O(1): lines fitted by least squares on each side.
        // Centred values keep the sums of squares well conditioned for large magnitudes (bytes).
        var centre = adjusted[n / 2];
        var prefix = new Sums[n + 1];
        for (var t = 0; t < n; t++)
        {
            prefix[t + 1] = prefix[t].Add(t, adjusted[t] - centre);
        }
        var bestBreak = 0;
        var bestSse = double.PositiveInfinity;
        for (var k = minSegment; k <= n - minSegment; k++)
        {
            var sse = prefix[k].Minus(prefix[0]).Sse() + prefix[n].Minus(prefix[k]).Sse();
            if (sse < bestSse)
            {
                bestSse = sse;
                bestBreak = k;
            }
        }
        var before = prefix[bestBreak].Minus(prefix[0]);
        var after = prefix[n].Minus(prefix[bestBreak]);
        var sigma2 = bestSse / Math.Max(1, n - 4);
        var slopeBefore = before.Slope();
        var slopeAfter = after.Slope();
        var standardError = Math.Sqrt(sigma2 * ((1 / before.Sxx()) + (1 / after.Sxx())));
        var score = standardError > 0 ? (slopeAfter - slopeBefore) / standardError : 0;

        // Material: over the new segment the change of trend moves the series by more than one noise deviation.
        var material = Math.Abs(slopeAfter - slopeBefore) * after.Count > Math.Sqrt(sigma2);
        if (Math.Abs(score) < MinScore || !material)
        {
            return new DegradationFinding(DegradationOutcome.Stable, 0, slopeBefore, slopeAfter, score, null);
        }
        var outcome = score > 0 ? DegradationOutcome.Degrading : DegradationOutcome.Recovering;
        ExhaustionEstimate? eta = null;
        if (limit is { } l)
        {
            eta = new CapacityPlanner(_options).TimeToLimit(values[(values.Length - (n - bestBreak))..], l);
        }
        return new DegradationFinding(outcome, bestBreak + (values.Length - n), slopeBefore, slopeAfter, score, eta);
    }

    /// <summary>Running sums for a least-squares line of y on t.</summary>
    private readonly record struct Sums(double Count, double T, double Y, double TT, double TY, double YY)
    {
        public Sums Add(double t, double y) => new(Count + 1, T + t, Y + y, TT + (t * t), TY + (t * y), YY + (y * y));

        public Sums Minus(Sums o) => new(Count - o.Count, T - o.T, Y - o.Y, TT - o.TT, TY - o.TY, YY - o.YY);

        public double Sxx() => TT - (T * T / Count);

        public double Slope() => (TY - (T * Y / Count)) / Sxx();

        public double Sse()
        {
            var syy = YY - (Y * Y / Count);
            var sxy = TY - (T * Y / Count);
            return Math.Max(0, syy - (sxy * sxy / Sxx()));
        }
    }
}
