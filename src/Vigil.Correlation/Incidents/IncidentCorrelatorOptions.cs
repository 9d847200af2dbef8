using System.Collections.Immutable;
using Vigil.Correlation.Grouping;

namespace Vigil.Correlation.Incidents;

/// <summary>Settings of the online correlator. Validated once by <see cref="Validate"/> when the correlator is built.</summary>
public sealed record IncidentCorrelatorOptions
{
    /// <summary>The learned grouping: time gap, topology hops, label similarity.</summary>
    public GroupingOptions Grouping { get; init; } = new();

    /// <summary>Rules applied before the learned grouping, first match wins.</summary>
    public ImmutableArray<CorrelationRule> Rules { get; init; } = [];

    /// <summary>PagerDuty's transient alert pause: a signal that would open an incident opens a pending one, seen by
    /// nobody, for at least this long. It becomes an incident as soon as another signal joins it, or at the end of the
    /// pause when its signal is still open with at least <see cref="LoneSignalSeverity"/>; over and alone, it opens
    /// none. Forecast breaches, SLO burns and signals grouped by a rule are not paused. Zero turns pausing off.
    /// Default 2 minutes.</summary>
    public TimeSpan TransientPause { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Least severity (0–100) with which a lone signal, still open when the transient pause ends, opens an
    /// incident by itself; a lone milder one waits for company and opens none if it ends alone. Default 75 (critical).</summary>
    public int LoneSignalSeverity { get; init; } = 75;

    /// <summary>An incident whose signals have all ended resolves after this long without a new one. Default 5 minutes.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A signal with the fingerprint of a member of an incident resolved at most this long ago reopens it.
    /// Default 1 hour.</summary>
    public TimeSpan ReopenWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A fingerprint that opens or closes more than this many times within <see cref="FlapWindow"/> is
    /// flapping: held in its incident, notifying nobody, and the incident stays open until it settles. Default 4.</summary>
    public int FlapThreshold { get; init; } = 4;

    /// <summary>See <see cref="FlapThreshold"/>; also how long a flapping fingerprint must stay still to settle.
    /// Default 15 minutes.</summary>
    public TimeSpan FlapWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before its onset a change event still counts as a possible cause. Default 30 minutes.</summary>
    public TimeSpan ChangeWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether inhibition applies: a signal whose entity depends on one with trouble is attached to that
    /// incident as inhibited instead of opening another. Default true.</summary>
    public bool Inhibit { get; init; } = true;

    /// <summary>Whether labels add topology, named as the topology store names it (<c>service/web</c>,
    /// <c>host/db-1</c>; see <see cref="Topology.LabelTopologyInference"/>): <c>service</c>/<c>job</c> runs on
    /// <c>host</c>/<c>instance</c>, and <c>depends_on</c> (comma-separated) names dependencies. Default true.</summary>
    public bool InferTopologyFromLabels { get; init; } = true;

    /// <summary>How many resolved incidents are kept to find similar ones. Default 500.</summary>
    public int HistorySize { get; init; } = 500;

    /// <summary>Least similarity (0–1) for a past incident to be linked. Default 0.25.</summary>
    public double MinSimilarity { get; init; } = 0.25;

    /// <summary>Throws naming a bad setting.</summary>
    public IncidentCorrelatorOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Grouping);
        Grouping.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(QuietPeriod, TimeSpan.Zero, nameof(QuietPeriod));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransientPause, TimeSpan.Zero, nameof(TransientPause));
        if (LoneSignalSeverity is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(LoneSignalSeverity), LoneSignalSeverity, "must lie in [0, 100]");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(ReopenWindow, TimeSpan.Zero, nameof(ReopenWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(FlapThreshold, 1, nameof(FlapThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FlapWindow, TimeSpan.Zero, nameof(FlapWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChangeWindow, TimeSpan.Zero, nameof(ChangeWindow));
        ArgumentOutOfRangeException.ThrowIfNegative(HistorySize, nameof(HistorySize));
        if (!(MinSimilarity is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinSimilarity), MinSimilarity, "must lie in (0, 1]");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules.IsDefault ? [] : Rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(Rules));
            rule.Validate();
            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"rule \"{rule.Name}\" is defined twice", nameof(Rules));
            }
        }
        return this;
    }
}
