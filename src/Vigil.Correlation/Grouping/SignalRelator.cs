using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Grouping;

/// <summary>
/// How two signals relate — same entity, near in the topology, alike labels — and the reason to record. Used by
/// the online incident correlator.
/// </summary>
internal sealed class SignalRelator(TopologyGraph graph, GroupingOptions options)
{
    private static readonly string[] EntityLabels = ["service", "job", "host", "instance"];

    public TopologyGraph Graph => graph;

    public GroupingOptions Options => options;

    /// <summary>Strength of a relation: same entity 3, topology 2 + 1/path length, labels 1 + similarity.</summary>
    public (GroupingReason Reason, double Strength)? Relate(Signal joiner, string joinerEntity, Signal member, string memberEntity)
    {
        var gap = joiner.Start - member.Start;
        var similarity = LabelSimilarity(joiner.Labels, member.Labels);
        if (joinerEntity == memberEntity)
        {
            return (new GroupingReason(joiner.Fingerprint, member.Fingerprint, SignalRelation.SameEntity, gap, [], similarity)
            {
                Entity = joiner.Entity,
                EntityKind = graph.Find(joinerEntity)?.Kind ?? EntityKind.Unknown,
            }, 3);
        }
        var path = graph.ShortestPath(memberEntity, joinerEntity, options.MaxTopologyHops);
        if (!path.IsEmpty)
        {
            return (new GroupingReason(joiner.Fingerprint, member.Fingerprint, SignalRelation.Topology, gap, path, similarity), 2 + (1.0 / path.Length));
        }
        if (similarity >= options.MinLabelSimilarity)
        {
            return (new GroupingReason(joiner.Fingerprint, member.Fingerprint, SignalRelation.SimilarLabels, gap, [], similarity), 1 + similarity);
        }
        return null;
    }

    /// <summary>The topology entity of a signal (see <see cref="GroupingOptions.ResolveEntity"/>).</summary>
    public string Resolve(Signal signal)
    {
        if (options.ResolveEntity is { } resolve)
        {
            return resolve(signal, graph);
        }
        if (graph.Contains(signal.Entity))
        {
            return signal.Entity;
        }
        // Kinded ids first (service/web, host/db-1: what the topology store and the correlator's label inference name),
        // most specific first; bare names only for a graph declared with them.
        foreach (var id in LabelTopologyInference.EntityIdsOf(signal.Labels))
        {
            if (graph.Contains(id))
            {
                return id;
            }
        }
        var slash = signal.Entity.LastIndexOf('/');
        if (slash >= 0 && graph.Contains(signal.Entity[(slash + 1)..]))
        {
            return signal.Entity[(slash + 1)..];
        }
        foreach (var name in EntityLabels)
        {
            if (signal.Labels.Get(name) is { } value && graph.Contains(value))
            {
                return value;
            }
        }
        return signal.Entity;
    }

    /// <summary>Jaccard of name=value pairs, <c>__name__</c> left out.</summary>
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
}
