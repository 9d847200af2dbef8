using System.Collections.Immutable;

namespace Vigil.Core.Incidents;

/// <summary>What a piece of root-cause evidence is about.</summary>
public enum CauseEvidenceKind
{
    /// <summary>How strong its signals are (score, severity).</summary>
    Strength,
    /// <summary>When its trouble began compared with the others'.</summary>
    Onset,
    /// <summary>Its place in the dependencies: how many troubled members depend on it.</summary>
    Upstream,
    /// <summary>A troubled dependency of its own may explain it.</summary>
    ExplainedByDependency,
    /// <summary>A deploy or configuration change shortly before.</summary>
    RecentChange,
}

/// <summary>One reason a cause ranks where it does.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="Description">A sentence for a human.</param>
public sealed record CauseEvidence(CauseEvidenceKind Kind, string Description);

/// <summary>A ranked root-cause candidate of an incident.</summary>
/// <param name="Rank">1 for the likeliest.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Score">Higher is likelier; only the order matters.</param>
/// <param name="Summary">The summary of its strongest signal.</param>
/// <param name="Evidence">Why.</param>
public sealed record IncidentCause(int Rank, string Entity, double Score, string Summary, ImmutableArray<CauseEvidence> Evidence);

/// <summary>A past incident like this one.</summary>
/// <param name="Id">The past incident.</param>
/// <param name="Title">Its title.</param>
/// <param name="Similarity">0–1.</param>
public sealed record SimilarIncident(IncidentId Id, string Title, double Similarity);
