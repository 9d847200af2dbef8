using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Server.Capacity;

/// <summary>
/// Turns findings into <see cref="SignalKind.ForecastBreach"/> signals: one per (target, series), open while
/// exhaustion is expected within the horizon (or the limit is already reached), ended at the first evaluation that no
/// longer predicts it. The fingerprint hashes the target and the series, so an ongoing breach stays one signal.
/// </summary>
public sealed class CapacitySignals(ISignalStore signals)
{
    /// <summary>The entity of a target's signal for one series.</summary>
    public static string EntityOf(string target, string series) => $"capacity/{target}/{series}";

    /// <summary>Opens, refreshes or ends the target's signals from its latest findings.</summary>
    public async Task ApplyAsync(string target, IReadOnlyList<CapacityFinding> findings, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(findings);
        var prefix = EntityOf(target, "");
        var open = (await signals.QueryAsync(new SignalQuery { Kind = SignalKind.ForecastBreach, Open = true, Limit = 10_000 }, cancellationToken))
            .Where(s => s.Entity.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(s => s.Entity, StringComparer.Ordinal);
        var writes = new List<Signal>();
        foreach (var finding in findings)
        {
            var entity = EntityOf(target, finding.Series);
            if (finding.Outcome is not (CapacityOutcome.Expected or CapacityOutcome.AlreadyExceeded))
            {
                continue;
            }
            var labels = ParseLabels(finding.Series).With("capacity_target", target);
            var start = open.Remove(entity, out var existing) ? existing.Start : now;
            writes.Add(new Signal
            {
                Kind = SignalKind.ForecastBreach,
                Entity = entity,
                Start = start,
                Score = Math.Clamp(finding.Probability, 0, 1),
                Severity = SeverityOf(finding),
                Summary = finding.Summary,
                Labels = labels,
                Evidence = Evidence(finding),
                Fingerprint = Signal.ComputeFingerprint(SignalKind.ForecastBreach, entity, labels),
            });
        }
        // Whatever is still open here is no longer predicted (or its series or target went away): end it.
        writes.AddRange(open.Values.Select(s => s with { End = now }));
        await signals.UpsertAsync(writes, cancellationToken);
    }

    private static int SeverityOf(CapacityFinding f) => f switch
    {
        { Outcome: CapacityOutcome.AlreadyExceeded } => 90,
        { MedianDays: < 1 } => 80,
        { MedianDays: { } m } when m < f.HorizonDays / 4 => 60,
        _ => 40,
    };

    private static ImmutableSortedDictionary<string, string> Evidence(CapacityFinding f)
    {
        var c = CultureInfo.InvariantCulture;
        var b = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        b["series"] = f.Series;
        b["observed"] = f.LastValue.ToString("R", c);
        b["limit"] = f.LimitValue.ToString("R", c);
        b["probability"] = f.Probability.ToString("0.###", c);
        b["level"] = f.Level.ToString("0", c);
        if (f.MedianDays is { } m)
        {
            b["median_days"] = m.ToString("0.###", c);
        }
        if (f.LowerDays is { } lo)
        {
            b["lower_days"] = lo.ToString("0.###", c);
        }
        if (f.UpperDays is { } up)
        {
            b["upper_days"] = up.ToString("0.###", c);
        }
        return b.ToImmutable();
    }

    private static Labels ParseLabels(string series)
    {
        try
        {
            return SeriesKey.Parse(series).Labels;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Labels.Empty;
        }
    }
}
