using Vigil.Core.Incidents;
using Vigil.Core.Signals;

namespace Vigil.Correlation.Incidents;

/// <summary>What an incident is made of, for comparing it with past ones.</summary>
/// <param name="Entities">Its entities.</param>
/// <param name="Kinds">Its signal kinds.</param>
/// <param name="Templates">The log templates of its log signals (evidence <c>template</c>).</param>
public sealed record IncidentFeatures(IReadOnlySet<string> Entities, IReadOnlySet<SignalKind> Kinds, IReadOnlySet<string> Templates)
{
    /// <summary>Weight of shared entities.</summary>
    public const double EntityWeight = 0.5;

    /// <summary>Weight of shared signal kinds.</summary>
    public const double KindWeight = 0.2;

    /// <summary>Weight of shared log templates.</summary>
    public const double TemplateWeight = 0.3;

    /// <summary>Weighted Jaccard: each feature's Jaccard weighted as above, over the features either side has (0–1).</summary>
    public double SimilarityTo(IncidentFeatures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double sum = 0, weights = 0;
        Add(Jaccard(Entities, other.Entities), EntityWeight);
        Add(Jaccard(Kinds, other.Kinds), KindWeight);
        Add(Jaccard(Templates, other.Templates), TemplateWeight);
        return weights == 0 ? 0 : sum / weights;

        void Add(double? jaccard, double weight)
        {
            if (jaccard is { } j)
            {
                sum += j * weight;
                weights += weight;
            }
        }
    }

    /// <summary>Features of an incident's signals.</summary>
    public static IncidentFeatures Of(IEnumerable<string> entities, IEnumerable<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(signals);
        var kinds = new HashSet<SignalKind>();
        var templates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in signals)
        {
            kinds.Add(s.Kind);
            if (s.Evidence.TryGetValue("template", out var t))
            {
                templates.Add(t);
            }
        }
        return new IncidentFeatures(new HashSet<string>(entities, StringComparer.Ordinal), kinds, templates);
    }

    /// <summary>Features of a stored incident (its members' kinds; templates are not stored with it).</summary>
    public static IncidentFeatures Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new IncidentFeatures(
            new HashSet<string>(incident.Entities, StringComparer.Ordinal),
            new HashSet<SignalKind>(incident.Members.Select(static m => m.Kind)),
            new HashSet<string>(StringComparer.Ordinal));
    }

    private static double? Jaccard<T>(IReadOnlySet<T> a, IReadOnlySet<T> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return null;
        }
        var shared = 0;
        foreach (var x in a)
        {
            if (b.Contains(x))
            {
                shared++;
            }
        }
        return (double)shared / (a.Count + b.Count - shared);
    }
}
