using Vigil.Core.Signals;

namespace Vigil.Correlation.Grouping;

/// <summary>Settings of deduplication and grouping. Validated by <see cref="Validate"/> (the grouper calls it once).</summary>
public sealed record GroupingOptions
{
    /// <summary>A signal joins an incident when it starts at most this long after the incident's last activity
    /// (the latest start or end of its signals). Default 5 minutes (Alertmanager's group_interval).</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A signal with the fingerprint of an earlier one that starts at most this long after that one ended (or
    /// started, while open) is the same problem again: a duplicate. Default 5 minutes.</summary>
    public TimeSpan DedupWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Two entities at most this many hops apart in the topology (either direction) are related. Default 2.</summary>
    public int MaxTopologyHops { get; init; } = 2;

    /// <summary>Two signals whose label sets are at least this alike (Jaccard of name=value pairs, metric names left out)
    /// are related even without topology. Default 0.6.</summary>
    public double MinLabelSimilarity { get; init; } = 0.6;

    /// <summary>Maps a signal to its topology entity. Default: the entity itself when the graph knows it, else the part
    /// after its last '/', else the value of its <c>service</c>, <c>job</c>, <c>host</c> or <c>instance</c> label that the
    /// graph knows, else the entity unchanged.</summary>
    public Func<Signal, Topology.TopologyGraph, string>? ResolveEntity { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    public GroupingOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGap, TimeSpan.Zero, nameof(MaxGap));
        ArgumentOutOfRangeException.ThrowIfLessThan(DedupWindow, TimeSpan.Zero, nameof(DedupWindow));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxTopologyHops, nameof(MaxTopologyHops));
        if (!(MinLabelSimilarity is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinLabelSimilarity), MinLabelSimilarity, "must lie in (0, 1]");
        }
        return this;
    }
}
