using Vigil.Core.Signals;

namespace Vigil.Correlation.Grouping;

/// <summary>Settings of the learned grouping. Validated by <see cref="Validate"/> (the correlator calls it once).</summary>
public sealed record GroupingOptions
{
    /// <summary>A signal joins an incident when it starts at most this long after the incident's last activity
    /// (the latest start or end of its signals). Default 5 minutes (Alertmanager's group_interval).</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Two entities at most this many hops apart in the topology (either direction) are related. Default 1:
    /// an incident grows along edges between entities that are in trouble themselves; two hops reach through a silent
    /// middle (a shared host, a healthy service) and on a 50-service fleet joined unrelated faults.</summary>
    public int MaxTopologyHops { get; init; } = 1;

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
        ArgumentOutOfRangeException.ThrowIfNegative(MaxTopologyHops, nameof(MaxTopologyHops));
        if (!(MinLabelSimilarity is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinLabelSimilarity), MinLabelSimilarity, "must lie in (0, 1]");
        }
        return this;
    }
}
