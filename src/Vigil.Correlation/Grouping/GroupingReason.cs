using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Topology;

namespace Vigil.Correlation.Grouping;

/// <summary>Why a signal joined an incident: which member it relates to, how, and how far apart in time.</summary>
/// <param name="Fingerprint">The joining signal.</param>
/// <param name="RelatedTo">The member it relates to.</param>
/// <param name="Relation">How.</param>
/// <param name="Gap">Start of the joining signal minus the start of the member.</param>
/// <param name="Path">For <see cref="SignalRelation.Topology"/>: the entities from the member's to the joiner's.</param>
/// <param name="LabelSimilarity">Jaccard similarity of their labels (0–1).</param>
public sealed record GroupingReason(string Fingerprint, string RelatedTo, SignalRelation Relation, TimeSpan Gap, ImmutableArray<string> Path, double LabelSimilarity)
{
    /// <summary>The entity both are about, for <see cref="SignalRelation.SameEntity"/>.</summary>
    public string? Entity { get; init; }

    /// <summary>What that entity is, when the topology knows.</summary>
    public EntityKind EntityKind { get; init; }

    /// <summary>One line for a human: <c>same service checkout, 40 s apart</c>, <c>40 s apart, checkout → payments</c>.</summary>
    public override string ToString()
    {
        var apart = FormatGap(Gap);
        return Relation switch
        {
            SignalRelation.SameEntity => EntityKind == EntityKind.Unknown
                ? $"same entity {Entity}, {apart}"
                : $"same {EntityKind.ToString().ToLowerInvariant()} {Entity}, {apart}",
            SignalRelation.Topology => $"{apart}, {string.Join(" → ", Path)}",
            _ => string.Create(CultureInfo.InvariantCulture, $"labels {LabelSimilarity * 100:0}% alike, {apart}"),
        };
    }

    private static string FormatGap(TimeSpan gap)
    {
        var seconds = Math.Abs(gap.TotalSeconds);
        return seconds switch
        {
            < 1 => "at the same time",
            < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s apart"),
            < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min apart"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h apart"),
        };
    }
}
