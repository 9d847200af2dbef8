using Vigil.Forecasting.Intervals;
using Vigil.Forecasting.Models;
using Vigil.Forecasting.Preprocessing;
using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting.Capacity;

/// <summary>
/// Time-to-exhaustion: projects a usage series (and, when the limit moves, the limit series) with a trend-aware
/// model — seasonal profiles plus ETS with level or linear trend chosen by AICc — and turns the forecast
/// distribution into the distribution of the first crossing time.
/// </summary>
/// <remarks>
/// With forecast mean μ(h) and deviation σ(h) of the headroom (limit − usage), the probability that the limit is
/// crossed by step h is taken as F(h) = max over j ≤ h of Φ(−μ(j)/σ(j)): the monotone envelope of the marginal
/// crossing probabilities, a lower bound on the first-passage probability that is exact for a deterministic trend.
/// The median and the interval ends are where F reaches ½ and (1 ± level)/2, interpolated between steps.
/// A limit below the current value (free space falling to zero) is handled by mirroring both series.
/// </remarks>
public sealed class CapacityPlanner
{
    /// <summary>
    /// Level or linear trend. A damped trend is left out on purpose: it flattens within a few dozen steps (φ ≤ 0.98)
    /// and would answer "never" for a disk that fills steadily over weeks.
    /// </summary>
    private static readonly EtsSpec[] TrendModels =
    [
        new(EtsError.Additive, EtsTrend.None, EtsSeason.None),
        new(EtsError.Additive, EtsTrend.Additive, EtsSeason.None),
    ];

    private readonly CapacityOptions _options;

    /// <summary>Creates a planner; throws when the options are out of range.</summary>
    public CapacityPlanner(CapacityOptions? options = null)
    {
        _options = options ?? new CapacityOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.HorizonSteps);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Level, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(_options.Level, 100);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.SeasonHint);
    }

    /// <summary>Time until <paramref name="usage"/> (NaN = missing) reaches the static <paramref name="limit"/>.</summary>
    public ExhaustionEstimate TimeToLimit(ReadOnlySpan<double> usage, double limit)
    {
        var (mean, sd, last) = Project(usage);
        var rising = limit >= last;
        var headroomMean = new double[mean.Length];
        for (var h = 0; h < mean.Length; h++)
        {
            headroomMean[h] = rising ? limit - mean[h] : mean[h] - limit;
        }
        return Crossing(headroomMean, sd, rising ? limit - last : last - limit);
    }

    /// <summary>
    /// Time until <paramref name="usage"/> reaches <paramref name="limit"/>, a series on the same time steps
    /// (e.g. <c>node_filesystem_size_bytes</c>), both projected; their forecast errors are taken as independent.
    /// </summary>
    public ExhaustionEstimate TimeToLimit(ReadOnlySpan<double> usage, ReadOnlySpan<double> limit)
    {
        var (usageMean, usageSd, usageLast) = Project(usage);
        var (limitMean, limitSd, limitLast) = Project(limit);
        var rising = limitLast >= usageLast;
        var headroomMean = new double[usageMean.Length];
        var headroomSd = new double[usageMean.Length];
        for (var h = 0; h < usageMean.Length; h++)
        {
            headroomMean[h] = rising ? limitMean[h] - usageMean[h] : usageMean[h] - limitMean[h];
            headroomSd[h] = Math.Sqrt((usageSd[h] * usageSd[h]) + (limitSd[h] * limitSd[h]));
        }
        return Crossing(headroomMean, headroomSd, rising ? limitLast - usageLast : usageLast - limitLast);
    }

    /// <summary>Projects the series <see cref="CapacityOptions.HorizonSteps"/> ahead: mean, error deviation, last value.</summary>
    internal (double[] Mean, double[] StdDev, double Last) Project(ReadOnlySpan<double> series)
    {
        var y = SeriesRepair.Repair(series, _options.Kind, out _);
        if (y.Length < 3)
        {
            throw new ArgumentException("At least three observed values are needed to project a series.", nameof(series));
        }
        var horizon = _options.HorizonSteps;
        var periods = PeriodDetector.Detect(y, _options.SeasonHint);
        var forecast = new MultiSeasonalForecaster(periods, logScale: false, cycles: 4, TrendModels).Forecast(y, horizon);
        var sd = forecast.StdDev ?? new double[horizon];
        return (forecast.Mean, sd, y[^1]);
    }

    private ExhaustionEstimate Crossing(double[] headroomMean, double[] headroomSd, double headroomNow)
    {
        var level = _options.Level;
        var horizon = headroomMean.Length;
        if (headroomNow <= 0)
        {
            return new ExhaustionEstimate(ExhaustionOutcome.AlreadyExceeded, 0, 0, 0, level, 1, horizon);
        }
        // F[h] = P(crossed by step h+1), monotone envelope of the marginal probabilities.
        var cdf = new double[horizon];
        var running = 0.0;
        for (var h = 0; h < horizon; h++)
        {
            var p = headroomSd[h] > 0 && double.IsFinite(headroomSd[h])
                ? Normal.Cdf(-headroomMean[h] / headroomSd[h])
                : headroomMean[h] <= 0 ? 1 : 0;
            running = Math.Max(running, p);
            cdf[h] = running;
        }
        var tail = (1 - (level / 100)) / 2;
        var lower = FirstReach(cdf, tail);
        var median = FirstReach(cdf, 0.5);
        var upper = FirstReach(cdf, 1 - tail);
        var within = cdf[^1];
        var outcome = median is not null ? ExhaustionOutcome.Expected
            : within >= 0.01 ? ExhaustionOutcome.Possible
            : ExhaustionOutcome.NotExpected;
        return new ExhaustionEstimate(outcome, median, lower, upper, level, within, horizon);
    }

    /// <summary>The (fractional) step at which the increasing <paramref name="cdf"/> first reaches <paramref name="p"/>; step h is index h-1.</summary>
    private static double? FirstReach(double[] cdf, double p)
    {
        for (var i = 0; i < cdf.Length; i++)
        {
            if (cdf[i] >= p)
            {
                var previous = i == 0 ? 0 : cdf[i - 1];
                var fraction = cdf[i] > previous ? (p - previous) / (cdf[i] - previous) : 1;
                return i + Math.Clamp(fraction, 0, 1);
            }
        }
        return null;
    }
}
