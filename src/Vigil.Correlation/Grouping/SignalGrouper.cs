using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
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
    private static readonly string[] EntityLabels = ["service", "job", "host", "instance"];
    private readonly GroupingOptions _options;
    private readonly TopologyGraph _graph;

    /// <summary>A grouper over <paramref name="graph"/> (the empty graph when unknown) with validated options.</summary>
    public SignalGrouper(TopologyGraph? graph = null, GroupingOptions? options = null)
    {
        _graph = graph ?? TopologyGraph.Empty;
        _options = (options ?? new GroupingOptions()).Validate();
    }

    /// <summary>Groups the signals.</summary>
    public ImmutableArray<SignalGroup> Group(IEnumerable<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var groups = new List<(List<DeduplicatedSignal> Members, List<GroupingReason> Reasons, DateTimeOffset Activity)>();
        var entityOf = new Dictionary<DeduplicatedSignal, string>(ReferenceEqualityComparer.Instance);
        foreach (var signal in SignalDeduplicator.Deduplicate(signals, _options))
        {
            entityOf[signal] = Resolve(signal.Signal);
            (int Group, GroupingReason Reason, double Strength)? best = null;
            for (var g = 0; g < groups.Count; g++)
            {
                if (signal.Signal.Start - groups[g].Activity > _options.MaxGap)
                {
                    continue;
                }
                foreach (var member in groups[g].Members)
                {
                    if (Relate(signal, entityOf[signal], member, entityOf[member]) is not { } relation)
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
    public static double LabelSimilarity(Labels a, Labels b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int shared = 0, union = 0;
        foreach (var label in a)
        {
            if (label.Name == Label.MetricName)
            {
                continue;
            }
            union++;
            if (b.Get(label.Name) == label.Value)
            {
                shared++;
            }
        }
        foreach (var label in b)
        {
            if (label.Name != Label.MetricName && a.Get(label.Name) != label.Value)
            {
                union++;
            }
        }
        return union == 0 ? 0 : (double)shared / union;
    }

    private (GroupingReason Reason, double Strength)? Relate(DeduplicatedSignal joiner, string joinerEntity, DeduplicatedSignal member, string memberEntity)
    {
        var gap = joiner.Signal.Start - member.Signal.Start;
        var similarity = LabelSimilarity(joiner.Signal.Labels, member.Signal.Labels);
        if (joinerEntity == memberEntity)
        {
            return (new GroupingReason(joiner.Signal.Fingerprint, member.Signal.Fingerprint, SignalRelation.SameEntity, gap, [], similarity)
            {
                Entity = joiner.Signal.Entity,
                EntityKind = _graph.Find(joinerEntity)?.Kind ?? EntityKind.Unknown,
            }, 3);
        }
        var path = _graph.ShortestPath(memberEntity, joinerEntity, _options.MaxTopologyHops);
        if (!path.IsEmpty)
        {
            return (new GroupingReason(joiner.Signal.Fingerprint, member.Signal.Fingerprint, SignalRelation.Topology, gap, path, similarity), 2 + (1.0 / path.Length));
        }
        if (similarity >= _options.MinLabelSimilarity)
        {
            return (new GroupingReason(joiner.Signal.Fingerprint, member.Signal.Fingerprint, SignalRelation.SimilarLabels, gap, [], similarity), 1 + similarity);
        }
        return null;
    }

    private string Resolve(Signal signal)
    {
        if (_options.ResolveEntity is { } resolve)
        {
            return resolve(signal, _graph);
        }
        if (_graph.Contains(signal.Entity))
        {
            return signal.Entity;
        }
        var slash = signal.Entity.LastIndexOf('/');
        if (slash >= 0 && _graph.Contains(signal.Entity[(slash + 1)..]))
        {
            return signal.Entity[(slash + 1)..];
        }
        foreach (var name in EntityLabels)
        {
            if (signal.Labels.Get(name) is { } value && _graph.Contains(value))
            {
                return value;
            }
        }
        return signal.Entity;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
