using System.Globalization;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Query;
using Vigil.Forecasting.Capacity;

namespace Vigil.Server.Capacity;

/// <summary>
/// Evaluates one capacity target at a given time: reads each usage series (and its limit series) over the lookback,
/// one average per step, and asks <see cref="CapacityPlanner"/> for the distribution of the time to the limit.
/// </summary>
public sealed class CapacityEvaluator(ISeriesIndex index, SeriesReader reader)
{
    /// <summary>Coverage of the reported time-to-limit interval, in percent.</summary>
    public const double Level = 80;

    /// <summary>Most usage series one target evaluates.</summary>
    internal const int MaxSeries = 200;

    /// <summary>The findings of <paramref name="target"/> at <paramref name="now"/>, one per usage series.</summary>
    public async Task<IReadOnlyList<CapacityFinding>> EvaluateAsync(CapacityTarget target, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var usageSeries = index.Find(SeriesSelector.Parse(target.Match));
        IReadOnlyList<SeriesEntry> limitSeries = target.LimitMatch is { } lm ? index.Find(SeriesSelector.Parse(lm)) : [];
        var stepMs = (long)target.Step.TotalMilliseconds;
        var toMs = now.ToUnixTimeMilliseconds() / stepMs * stepMs;
        var fromMs = toMs - ((long)(target.Lookback / target.Step) * stepMs);
        var horizonSteps = Math.Max(1, (int)Math.Ceiling(target.Horizon / target.Step));
        var stepDays = target.Step.TotalDays;
        var planner = new CapacityPlanner(new CapacityOptions { HorizonSteps = horizonSteps, Level = Level });
        var findings = new List<CapacityFinding>();
        foreach (var usage in usageSeries.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal).Take(MaxSeries))
        {
            var name = usage.Key.ToString();
            CapacityFinding Failed(string why) =>
                new(target.Name, name, now, CapacityOutcome.Failed, null, null, null, Level, 0, target.Horizon.TotalDays, double.NaN, target.Limit ?? double.NaN, $"{Describe(target, usage.Key)}: {why}");

            var usageValues = await ReadGridAsync(usage, fromMs, toMs, stepMs, cancellationToken);
            var (first, last) = FiniteRange(usageValues);
            if (last - first < 2)
            {
                findings.Add(Failed("fewer than three points to project from"));
                continue;
            }
            ExhaustionEstimate estimate;
            double limitNow;
            var end = last;
            try
            {
                if (target.Limit is { } staticLimit)
                {
                    estimate = planner.TimeToLimit(usageValues.AsSpan(first, last - first + 1), staticLimit);
                    limitNow = staticLimit;
                }
                else
                {
                    var pair = PairLimit(usage, limitSeries);
                    if (pair is not { } limitEntry)
                    {
                        findings.Add(Failed($"no series of {target.LimitMatch} has its labels"));
                        continue;
                    }
                    var limitValues = await ReadGridAsync(limitEntry, fromMs, toMs, stepMs, cancellationToken);
                    var (limitFirst, limitLast) = FiniteRange(limitValues);
                    if (limitLast - limitFirst < 2)
                    {
                        findings.Add(Failed("fewer than three points of the limit series"));
                        continue;
                    }
                    // Both on the same steps: the window where both have data.
                    var from = Math.Max(first, limitFirst);
                    var to = Math.Min(last, limitLast);
                    if (to - from < 2)
                    {
                        findings.Add(Failed("usage and limit series do not overlap"));
                        continue;
                    }
                    estimate = planner.TimeToLimit(usageValues.AsSpan(from, to - from + 1), limitValues.AsSpan(from, to - from + 1));
                    limitNow = limitValues[to];
                    end = to;
                }
            }
            catch (ArgumentException e)
            {
                findings.Add(Failed(e.Message));
                continue;
            }
            // The planner counts from the last observation; a series that went quiet has less time left from now.
            var quietDays = (toMs - (fromMs + ((end + 1) * stepMs))) / 86_400_000.0;
            double? FromNow(double? steps) => steps is { } s ? Math.Max(0, (s * stepDays) - quietDays) : null;
            var finding = new CapacityFinding(
                target.Name, name, now, (CapacityOutcome)(int)estimate.Outcome,
                FromNow(estimate.MedianSteps), FromNow(estimate.LowerSteps), FromNow(estimate.UpperSteps),
                estimate.Level, estimate.ProbabilityWithinHorizon, target.Horizon.TotalDays, usageValues[last], limitNow, "");
            findings.Add(finding with { Summary = Describe(target, usage.Key) + ": " + Sentence(finding) });
        }
        return findings;
    }

    /// <summary>"fills in ~3 days (80% interval 2–4 days)", "2% chance of reaching the limit within 7 days", …</summary>
    internal static string Sentence(CapacityFinding f) => f.Outcome switch
    {
        CapacityOutcome.AlreadyExceeded => "limit already reached",
        CapacityOutcome.Expected => string.Create(CultureInfo.InvariantCulture,
            $"fills in ~{Span(f.MedianDays)} ({f.Level:0}% interval {(f.UpperDays is null ? $"{Span(f.LowerDays)} to beyond {Span(f.HorizonDays)}" : Range(f.LowerDays, f.UpperDays.Value))})"),
        CapacityOutcome.Possible => string.Create(CultureInfo.InvariantCulture,
            $"{100 * f.Probability:0}% chance of reaching the limit within {Span(f.HorizonDays)}"),
        CapacityOutcome.NotExpected => $"not expected to reach the limit within {Span(f.HorizonDays)}",
        _ => f.Summary,
    };

    /// <summary>Days when at least one, hours below: "3 days", "1.5 days", "7 hours".</summary>
    internal static string Span(double? days)
    {
        if (days is not { } d)
        {
            return "?";
        }
        var c = CultureInfo.InvariantCulture;
        return d >= 1 ? $"{d.ToString(d >= 10 ? "0" : "0.#", c)} days" : $"{(d * 24).ToString(d * 24 >= 10 ? "0" : "0.#", c)} hours";
    }

    /// <summary>"2–4 days" when both ends take the same unit, else "18 hours–2 days".</summary>
    internal static string Range(double? lower, double upper)
    {
        var low = Span(lower);
        var high = Span(upper);
        var unit = high[high.IndexOf(' ', StringComparison.Ordinal)..];
        return low.EndsWith(unit, StringComparison.Ordinal) ? $"{low[..^unit.Length]}–{high}" : $"{low}–{high}";
    }

    /// <summary>"var-disk /var on host-7" from the target and the series' usual labels, else the series itself.</summary>
    private static string Describe(CapacityTarget target, SeriesKey key)
    {
        var labels = key.Labels;
        var what = labels["mountpoint"] ?? labels["device"] ?? labels["pool"] ?? labels["queue"];
        var where = labels["instance"] ?? labels["host"] ?? labels["node"];
        return (what, where) switch
        {
            (null, null) => $"{target.Name} {key}",
            (null, { } w) => $"{target.Name} on {w}",
            ({ } x, null) => $"{target.Name} {x}",
            ({ } x, { } w) => $"{target.Name} {x} on {w}",
        };
    }

    /// <summary>The limit series with the same labels but the name; the only one when there is just one.</summary>
    private static SeriesEntry? PairLimit(SeriesEntry usage, IReadOnlyList<SeriesEntry> limits)
    {
        var wanted = usage.Key.Labels.Without(Label.MetricName);
        foreach (var limit in limits)
        {
            if (limit.Key.Labels.Without(Label.MetricName) == wanted)
            {
                return limit;
            }
        }
        return limits.Count == 1 ? limits[0] : null;
    }

    /// <summary>One average per step ending at from + step, …, to; NaN where a step has no sample.</summary>
    private async Task<double[]> ReadGridAsync(SeriesEntry series, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken)
    {
        var samples = await reader.ReadAsync(series, fromMs + 1, toMs, cancellationToken);
        var points = Downsampler.Apply(samples, fromMs + stepMs, toMs, stepMs, Aggregation.Avg);
        var grid = new double[(int)((toMs - fromMs) / stepMs)];
        Array.Fill(grid, double.NaN);
        foreach (var p in points)
        {
            var i = (int)((p.TimestampMs - fromMs) / stepMs) - 1;
            if ((uint)i < (uint)grid.Length)
            {
                grid[i] = p.Value;
            }
        }
        return grid;
    }

    private static (int First, int Last) FiniteRange(double[] values)
    {
        var first = Array.FindIndex(values, double.IsFinite);
        var last = Array.FindLastIndex(values, double.IsFinite);
        return first < 0 ? (0, -1) : (first, last);
    }
}
