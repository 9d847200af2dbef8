using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Grouping;

/// <summary>
/// Groups signals into incidents by time proximity, topology distance and label similarity. Signals are deduplicated
/// first, then taken in order of start (then fingerprint); each joins the open group (last activity at most
/// <see cref="GroupingOptions.MaxGap"/> before its start) holding its strongest relation — same entity, then nearest in
/// the topology, then most alike labels; ties go to the nearer in time, then the older group — or opens a new group.
/// The same input always gives the same groups and reasons. Groups are not merged afterwards: a signal that relates to
/// two groups joins the one it relates to best.
/// </summary>
public sealed class SignalGrouper
{
    private readonly GroupingOptions _options;
    private readonly SignalRelator _relator;

    /// <summary>A grouper over <paramref name="graph"/> (the empty graph when unknown) with validated options.</summary>
    public SignalGrouper(TopologyGraph? graph = null, GroupingOptions? options = null)
    {
        _options = (options ?? new GroupingOptions()).Validate();
        _relator = new SignalRelator(graph ?? TopologyGraph.Empty, _options);
    }

    /// <summary>Groups the signals.</summary>
    public ImmutableArray<SignalGroup> Group(IEnumerable<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var groups = new List<(List<DeduplicatedSignal> Members, List<GroupingReason> Reasons, DateTimeOffset Activity)>();
        var entityOf = new Dictionary<DeduplicatedSignal, string>(ReferenceEqualityComparer.Instance);
        foreach (var signal in SignalDeduplicator.Deduplicate(signals, _options))
        {
            entityOf[signal] = _relator.Resolve(signal.Signal);
            (int Group, GroupingReason Reason, double Strength)? best = null;
            for (var g = 0; g < groups.Count; g++)
            {
                if (signal.Signal.Start - groups[g].Activity > _options.MaxGap)
                {
                    continue;
                }
                foreach (var member in groups[g].Members)
                {
                    if (_relator.Relate(signal.Signal, entityOf[signal], member.Signal, entityOf[member]) is not { } relation)
                    {
                        continue;
                    }
                    if (best is null || relation.Strength > best.Value.Strength
                        || (relation.Strength == best.Value.Strength && relation.Reason.Gap.Duration() < best.Value.Reason.Gap.Duration()))
                    {
                        best = (g, relation.Reason, relation.Strength);
                    }
                }
            }
            if (best is { } chosen)
            {
                var group = groups[chosen.Group];
                group.Members.Add(signal);
                group.Reasons.Add(chosen.Reason);
                groups[chosen.Group] = group with { Activity = Max(group.Activity, signal.LastActivity) };
            }
            else
            {
                groups.Add(([signal], [], signal.LastActivity));
            }
        }
        return [.. groups.Select(static (g, i) => new SignalGroup(i + 1, [.. g.Members], [.. g.Reasons]))];
    }

    /// <summary>Label similarity used for grouping: Jaccard of name=value pairs, <c>__name__</c> left out.</summary>
    public static double LabelSimilarity(Labels a, Labels b) => SignalRelator.LabelSimilarity(a, b);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
